import type { CrisisSupport } from '@kindred/protocol';
import { useId, useState } from 'react';
import { CloseIcon } from '../../components/ui/icons';
import { safeActionUrl } from './format';
import { telHref } from './help-lines';
import { useHelpLine } from './use-help-line';

const collapsedKey = (sessionId: string) => `kindred.crisis-card.${sessionId}`;

function readCollapsed(sessionId: string): boolean {
  try {
    return window.localStorage.getItem(collapsedKey(sessionId)) === 'collapsed';
  } catch {
    return false;
  }
}

function saveCollapsed(sessionId: string, collapsed: boolean) {
  try {
    if (collapsed) window.localStorage.setItem(collapsedKey(sessionId), 'collapsed');
    else window.localStorage.removeItem(collapsedKey(sessionId));
  } catch {
    // Storage unavailable: the card stays as chosen until the page is left.
  }
}

const iconButton =
  'inline-flex min-h-11 min-w-11 shrink-0 items-center justify-center rounded-lg px-2 text-sm font-semibold text-ink hover:bg-raised/60';

/**
 * One calm, compact card near the input when a message suggests the sender may need more help:
 * the one help line for their country, and more lines a click away. It sits under the messages
 * (never over them) and folds to one line, remembered per chat.
 */
export function CrisisCard({
  crisis,
  sessionId,
  onDismiss,
}: {
  crisis: CrisisSupport;
  sessionId: string;
  onDismiss: () => void;
}) {
  const titleId = useId();
  const bodyId = useId();
  const [collapsed, setCollapsed] = useState(() => readCollapsed(sessionId));
  const line = useHelpLine();
  const more = safeActionUrl(crisis.action_url);
  const toggle = () => {
    saveCollapsed(sessionId, !collapsed);
    setCollapsed(!collapsed);
  };
  const number = (
    <a href={telHref(line.number)} className="font-bold whitespace-nowrap">
      {line.number}
    </a>
  );
  return (
    <section
      aria-labelledby={titleId}
      className="mx-2 mb-2 flex items-start gap-2 rounded-xl border border-secondary-strong bg-secondary-soft px-3 py-1.5 sm:mx-3"
    >
      <div className="flex min-w-0 flex-1 flex-col gap-1 py-1.5">
        {collapsed ? (
          <p className="truncate">
            <span id={titleId} className="font-semibold">
              Support:
            </span>{' '}
            {line.name} {number}
          </p>
        ) : (
          <>
            <h2 id={titleId} className="text-base font-semibold">
              {crisis.title}
            </h2>
            <p id={bodyId} className="text-sm">
              {line.name}: {number}, free and confidential, any time.
              {more && (
                <>
                  {' '}
                  <a href={more} target="_blank" rel="noopener noreferrer">
                    {crisis.action_label}
                  </a>
                </>
              )}
            </p>
          </>
        )}
      </div>
      <button
        type="button"
        onClick={toggle}
        aria-expanded={!collapsed}
        aria-label={collapsed ? 'Show the support card' : 'Fold the support card'}
        className={iconButton}
      >
        {collapsed ? 'Show' : 'Fold'}
      </button>
      <button
        type="button"
        onClick={onDismiss}
        aria-label="Dismiss this suggestion"
        className={iconButton}
      >
        <CloseIcon className="size-5" />
      </button>
    </section>
  );
}
