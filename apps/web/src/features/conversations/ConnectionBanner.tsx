import { Spinner } from '../../components/ui/Spinner';
import { useConnectionStore } from '../../lib/socket';

/** A discreet line under the header while the socket is down. */
export function ConnectionBanner() {
  const status = useConnectionStore((state) => state.status);
  const down = status === 'reconnecting' || status === 'offline';
  return (
    <div role="status" className="empty:hidden">
      {down && (
        <p className="flex items-center gap-2 border-b border-warning bg-warning-soft px-4 py-2 text-sm text-warning-text">
          {status === 'reconnecting' && <Spinner className="size-4" />}
          {status === 'offline'
            ? "You're offline. Your messages will be sent when you're back online."
            : "Reconnecting… your messages will be sent when you're back online"}
        </p>
      )}
    </div>
  );
}
