import { useEffect, useState } from 'react';
import { Spinner } from '../../components/ui/Spinner';
import { useConnectionStore } from '../../lib/socket';

/** A first connection that takes longer than this is worth saying (most take a fraction). */
export const CONNECTING_NOTICE_MS = 3000;

/** A discreet line under the header while the socket is down or slow to connect. */
export function ConnectionBanner() {
  const status = useConnectionStore((state) => state.status);
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (status !== 'connecting' && status !== 'idle') return setSlow(false);
    const timer = window.setTimeout(() => setSlow(true), CONNECTING_NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [status]);

  const text =
    status === 'offline'
      ? "You're offline. Your messages will be sent when you're back online."
      : status === 'reconnecting'
        ? "Reconnecting… your messages will be sent when you're back online"
        : slow
          ? 'Connecting… your messages will be sent as soon as Kindred answers'
          : null;
  return (
    <div role="status" className="empty:hidden">
      {text && (
        <p className="flex items-center gap-2 border-b border-warning bg-warning-soft px-4 py-2 text-sm text-warning-text">
          {status !== 'offline' && <Spinner className="size-4" />}
          {text}
        </p>
      )}
    </div>
  );
}
