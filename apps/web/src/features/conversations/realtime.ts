import { useSessionStore } from '../identity/session-store';
import { whenIdle } from '../../lib/when-idle';

/** Starts the connection now rather than when the page is idle (a chat is on screen). */
let hurry: (() => void) | null = null;

/**
 * One socket per signed-in session: opened when a user is known (after sign-in, or when the
 * session check on page load succeeds), closed when they sign out or the session ends. The chat
 * engine (and the socket library) is downloaded only then, once the first screen is drawn: the
 * front page and sign-in never wait for it, and a signed-in page shows first, then connects (the
 * header asks for it a frame after drawing the page, a chat at once: connectNow; at the latest it
 * starts when the page has loaded and the browser is idle).
 */
export function startRealtime(): void {
  let userId: string | null = null;
  let stop: (() => void) | null = null;
  let cancelPending: (() => void) | null = null;
  const follow = (nextId: string | null) => {
    if (nextId === userId) return;
    cancelPending?.();
    cancelPending = null;
    hurry = null;
    stop?.();
    stop = null;
    userId = nextId;
    if (!nextId) return;
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      cancelPending?.();
      cancelPending = null;
      hurry = null;
      void import('./chat-client').then(({ startChatClient }) => {
        // Signed out (or in as someone else) while it was loading: the newer call decides.
        if (userId === nextId && !stop) stop = startChatClient(nextId);
      });
    };
    hurry = start;
    cancelPending = whenIdle(start);
  };
  follow(useSessionStore.getState().user?.id ?? null);
  useSessionStore.subscribe((state) => follow(state.user?.id ?? null));
}

/** A chat is open: connect without waiting for the page to settle. */
export function connectNow(): void {
  hurry?.();
}
