import { useEffect, type ReactNode } from 'react';
import { CheckIcon, CloseIcon, InfoIcon, WarningIcon } from './icons';
import { useToastStore, type ToastMessage } from './toast-store';

const toneClasses: Record<ToastMessage['tone'], string> = {
  success: 'border-secondary-strong bg-secondary-soft text-secondary-strong',
  error: 'border-danger bg-danger-soft text-danger-text',
  info: 'border-primary bg-primary-soft text-primary-stronger',
};

const toneIcons: Record<ToastMessage['tone'], ReactNode> = {
  success: <CheckIcon className="size-5" />,
  error: <WarningIcon className="size-5" />,
  info: <InfoIcon className="size-5" />,
};

function Toast({ toast, onDismiss }: { toast: ToastMessage; onDismiss: (id: number) => void }) {
  useEffect(() => {
    const timer = window.setTimeout(() => onDismiss(toast.id), 6000);
    return () => window.clearTimeout(timer);
  }, [toast.id, onDismiss]);

  return (
    <div
      className={`pointer-events-auto flex items-center gap-3 rounded-lg border-l-4 py-2 pr-2 pl-4 shadow-lg ${toneClasses[toast.tone]}`}
    >
      {toneIcons[toast.tone]}
      <p className="flex-1 font-medium">{toast.message}</p>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        className="inline-flex size-11 shrink-0 items-center justify-center rounded-lg hover:bg-raised/60"
        aria-label="Dismiss notification"
      >
        <CloseIcon className="size-5" />
      </button>
    </div>
  );
}

/**
 * Renders the current toast at the top of the screen, under the header: never over a chat's
 * message box or its Send button. The two live regions are always in the
 * page (a region that appears together with its text is often not announced): errors go into the
 * assertive one, everything else into the polite one.
 */
export function Toaster() {
  const toasts = useToastStore((state) => state.toasts);
  const dismiss = useToastStore((state) => state.dismiss);
  const render = (tone: 'polite' | 'assertive') =>
    toasts
      .filter((toast) => (toast.tone === 'error') === (tone === 'assertive'))
      .map((toast) => (
        <div key={toast.id} className="w-full max-w-sm">
          <Toast toast={toast} onDismiss={dismiss} />
        </div>
      ));
  const region = 'flex w-full flex-col items-center gap-2 sm:items-end';
  return (
    <div className="pointer-events-none fixed inset-x-0 top-14 z-50 flex flex-col items-center gap-2 px-3 pt-2 sm:items-end sm:px-6">
      {/* The roles imply aria-live polite and assertive. */}
      <div role="status" className={region}>
        {render('polite')}
      </div>
      <div role="alert" className={region}>
        {render('assertive')}
      </div>
    </div>
  );
}
