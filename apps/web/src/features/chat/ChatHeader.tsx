import type { Member } from '@kindred/protocol';
import { useEffect, useState } from 'react';
import { Avatar } from '../../components/ui/Avatar';
import { presenceText } from './format';

/** Partner pseudonym and whether they are online, or when they were last seen. */
export function ChatHeader({
  partner,
  fallbackName,
}: {
  partner: Member | null;
  fallbackName: string;
}) {
  const name = partner?.pseudonym ?? fallbackName;
  // "Last seen 5 minutes ago" goes stale: re-render once a minute.
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(timer);
  }, []);

  return (
    <div className="flex items-center gap-3 border-b border-line px-3 py-2 sm:px-4">
      <Avatar url={null} pseudonym={name} className="size-10 text-sm" />
      <div className="min-w-0">
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
    </div>
  );
}
