import { useState } from 'react';
import { errorMessage } from '../../lib/api-error';
import { readAllNotifications } from './notification-actions';

/** "Mark all as read" for the bell and the notifications page: one request at a time, its error. */
export function useMarkAllRead(unread: number) {
  const [marking, setMarking] = useState(false);
  const [markError, setMarkError] = useState<string | null>(null);

  async function markAll() {
    if (unread === 0 || marking) return;
    setMarking(true);
    setMarkError(null);
    try {
      await readAllNotifications();
    } catch (error) {
      setMarkError(errorMessage(error));
    } finally {
      setMarking(false);
    }
  }

  return { markAll, marking, markError, clearMarkError: () => setMarkError(null) };
}
