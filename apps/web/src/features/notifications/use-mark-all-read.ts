import { useAsyncAction } from '../../lib/use-async-action';
import { readAllNotifications } from './notification-actions';

/** "Mark all as read" for the bell and the notifications page: one request at a time, its error. */
export function useMarkAllRead(unread: number) {
  const { busy, error, setError, run } = useAsyncAction();

  async function markAll() {
    if (unread === 0 || busy) return;
    await run(readAllNotifications);
  }

  return { markAll, marking: busy, markError: error, clearMarkError: () => setError(null) };
}
