import type { CrisisSupport } from '@kindred/protocol';
import { useId } from 'react';
import { CloseIcon } from '../../components/ui/icons';
import { buttonClasses } from '../../components/ui/button-styles';
import { safeActionUrl } from './format';

/** One calm card near the input when a message suggests the sender may need more help. */
export function CrisisCard({
  crisis,
  onDismiss,
}: {
  crisis: CrisisSupport;
  onDismiss: () => void;
}) {
  const titleId = useId();
  const href = safeActionUrl(crisis.action_url);
  const external = href?.startsWith('http');
  return (
    <section
      aria-labelledby={titleId}
      className="mx-2 mb-2 flex items-start gap-3 rounded-xl border border-secondary-strong bg-secondary-soft p-3 sm:mx-3"
    >
      <div className="flex flex-1 flex-col items-start gap-2">
        <h2 id={titleId} className="text-lg">
          {crisis.title}
        </h2>
        <p className="text-sm sm:text-base">{crisis.body}</p>
        {href && (
          <a
            href={href}
            {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
            className={buttonClasses('primary')}
          >
            {crisis.action_label}
          </a>
        )}
      </div>
      <button
        type="button"
        onClick={onDismiss}
        aria-label="Dismiss this suggestion"
        className="inline-flex size-11 shrink-0 items-center justify-center rounded-lg text-ink hover:bg-raised/60"
      >
        <CloseIcon className="size-5" />
      </button>
    </section>
  );
}
