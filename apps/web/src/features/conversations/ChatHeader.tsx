import type { Member } from '@kindred/protocol';
import { useEffect, useState, type ReactNode } from 'react';
import { Avatar } from '../../components/ui/Avatar';
import { presenceText } from './format';

/** Partner pseudonym and whether they are online, or when they were last seen. */
export function ChatHeader({
  partner,
  fallbackName,
  actions,
}: {
  partner: Member | null;
  fallbackName: string;
  /** Buttons on the right: Get help now, Report, End chat. */
  actions?: ReactNode;
}) {
  const name = partner?.pseudonym ?? fallbackName;
  // "Last seen 5 minutes ago" goes stale: re-render once a minute.
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(timer);
  }, []);

  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-line px-3 py-2 sm:px-4">
      <Avatar url={null} pseudonym={name} className="size-10 text-sm" />
      <div className="min-w-0 flex-1">
        <h1 className="truncate text-xl">
          <span className="sr-only">Chat with </span>
          {name}
        </h1>
        {partner && (
          <p className="flex items-center gap-1.5 text-sm text-muted">
            <span
              aria-hidden="true"
              className={`inline-block size-2.5 rounded-full ${
                partner.online ? 'bg-secondary-strong' : 'border border-control bg-white'
              }`}
            />
            {presenceText(partner, now)}
          </p>
        )}
      </div>
      {actions && (
        <div className="ml-auto flex flex-wrap items-center justify-end gap-1">{actions}</div>
      )}
    </div>
  );
}
