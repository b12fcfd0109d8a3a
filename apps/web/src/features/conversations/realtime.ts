import { useSessionStore } from '../identity/session-store';
import { startChatClient } from './chat-client';

/**
 * One socket per signed-in session: opened when a user is known (after sign-in, or when the
 * session check on page load succeeds), closed when they sign out or the session ends.
 */
export function startRealtime(): void {
  let userId: string | null = null;
  let stop: (() => void) | null = null;
  const follow = (nextId: string | null) => {
    if (nextId === userId) return;
    stop?.();
    stop = null;
    userId = nextId;
    if (nextId) stop = startChatClient(nextId);
  };
  follow(useSessionStore.getState().user?.id ?? null);
  useSessionStore.subscribe((state) => follow(state.user?.id ?? null));
}
