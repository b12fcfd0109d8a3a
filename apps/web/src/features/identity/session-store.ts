import type { Me, SessionUser } from '@kindred/protocol';
import { create } from 'zustand';
import { sessionHint } from '../../lib/session-hint';

interface SessionState {
  /** The signed-in user, or null when signed out or not yet known. */
  user: SessionUser | null;
  setUser(user: SessionUser): void;
  clear(): void;
}

/** Who is signed in, readable outside React (API client, socket). Mirrors the ['me'] query. */
export const useSessionStore = create<SessionState>()((set) => ({
  user: null,
  setUser: (user) => {
    sessionHint.set(true);
    set({ user });
  },
  clear: () => {
    sessionHint.set(false);
    set({ user: null });
  },
}));

export function toSessionUser(me: Me): SessionUser {
  const { id, pseudonym, roles, profile_picture_url, is_admin } = me;
  return { id, pseudonym, roles, profile_picture_url, is_admin };
}
