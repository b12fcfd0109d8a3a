import { useEffect } from 'react';
import { useToastStore, type ToastMessage } from './toast-store';

const toneClasses: Record<ToastMessage['tone'], string> = {
  success: 'border-secondary-strong bg-secondary-soft text-secondary-strong',
  error: 'border-danger bg-danger-soft text-danger-text',
  info: 'border-primary bg-primary-soft text-primary-stronger',
};

const toneIcons: Record<ToastMessage['tone'], string> = { success: '✓', error: '⚠', info: 'ℹ' };

function Toast({ toast, onDismiss }: { toast: ToastMessage; onDismiss: (id: number) => void }) {
  useEffect(() => {
    const timer = window.setTimeout(() => onDismiss(toast.id), 6000);
    return () => window.clearTimeout(timer);
  }, [toast.id, onDismiss]);

  return (
    <div
      role={toast.tone === 'error' ? 'alert' : 'status'}
      className={`pointer-events-auto flex items-center gap-3 rounded-lg border-l-4 py-2 pl-4 pr-2 shadow-lg ${toneClasses[toast.tone]}`}
    >
      <span aria-hidden="true">{toneIcons[toast.tone]}</span>
      <p className="flex-1 font-medium">{toast.message}</p>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        className="inline-flex size-11 shrink-0 items-center justify-center rounded-lg text-xl hover:bg-white/60"
        aria-label="Dismiss notification"
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}

/** Renders the toast stack at the bottom of the screen. */
export function Toaster() {
  const toasts = useToastStore((state) => state.toasts);
  const dismiss = useToastStore((state) => state.dismiss);
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end">
      {toasts.map((toast) => (
        <div key={toast.id} className="w-full max-w-sm">
          <Toast toast={toast} onDismiss={dismiss} />
        </div>
      ))}
    </div>
  );
}
