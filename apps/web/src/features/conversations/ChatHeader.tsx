import type { Member } from '@kindred/protocol';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Avatar } from '../../components/ui/Avatar';
import { useConnectionStore } from '../../lib/socket';
import { useMinuteClock } from '../../lib/use-minute-clock';
import { presenceText } from './format';

/**
 * One row, at every width: back (direct messages), the partner's pseudonym with their presence,
 * and the actions. On a phone the name gives way (truncated) and the actions are compact; it
 * never wraps.
 */
export function ChatHeader({
  partner,
  fallbackName,
  actions,
  back,
}: {
  partner: Member | null;
  fallbackName: string;
  /** Buttons on the right: Get help now, Report, End chat. */
  actions?: ReactNode;
  /** Where "back" leads (the inbox, for a direct conversation). */
  back?: { to: string; label: string };
}) {
  const name = partner?.pseudonym ?? fallbackName;
  // "Last seen 5 minutes ago" goes stale: re-render once a minute.
  const now = useMinuteClock();
  // While this device is offline, what we last heard of the partner may be out of date.
  const connected = useConnectionStore((state) => state.status === 'connected');

  return (
    <div className="flex min-h-14 flex-nowrap items-center gap-2 border-b border-line px-2 py-1.5 sm:gap-3 sm:px-4 sm:py-2">
      {back && (
        <Link
          to={back.to}
          className="-ml-1 inline-flex min-h-11 min-w-11 shrink-0 items-center justify-center gap-1 rounded-lg px-2 font-semibold text-primary-strong no-underline hover:bg-primary-soft"
        >
          <span aria-hidden="true">←</span>
          <span className="sr-only sm:not-sr-only">{back.label}</span>
        </Link>
      )}
      <Avatar url={null} pseudonym={name} className="size-10 shrink-0 text-sm max-sm:hidden" />
      <div className="min-w-0 flex-1">
        <h1 className="truncate text-lg sm:text-xl">
          <span className="sr-only">Chat with </span>
          {name}
        </h1>
        {partner && (
          <p
            className={`flex items-center gap-1.5 truncate text-sm text-muted ${connected ? '' : 'italic'}`}
          >
            <span
              aria-hidden="true"
              className={`inline-block size-2.5 shrink-0 rounded-full ${
                partner.online && connected
                  ? 'bg-secondary-strong'
                  : 'border border-control bg-raised'
              }`}
            />
            <span className="truncate">{presenceText(partner, now)}</span>
            {!connected && <span className="sr-only"> (may be out of date: you are offline)</span>}
          </p>
        )}
      </div>
      {actions && (
        <div className="ml-auto flex shrink-0 flex-nowrap items-center justify-end gap-0.5 sm:gap-1">
          {actions}
        </div>
      )}
    </div>
  );
}
