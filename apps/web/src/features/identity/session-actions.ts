import {
  loginResponseSchema,
  messageResponseSchema,
  type LoginBody,
  type Me,
} from '@kindred/protocol';
import type { QueryClient } from '@tanstack/react-query';
import { apiJson } from '../../lib/api';
import { meQueryKey, meQueryOptions } from './me-query';
import { useSessionStore } from './session-store';

/** Loads the full profile after a sign-in, so protected pages render without a second wait. */
async function loadSignedInUser(queryClient: QueryClient): Promise<Me | null> {
  return queryClient.fetchQuery({ ...meQueryOptions, staleTime: 0 });
}

/** POST /auth/login; the server sets the session cookies. */
export async function signIn(queryClient: QueryClient, body: LoginBody): Promise<Me | null> {
  const { user } = await apiJson('POST', '/auth/login', loginResponseSchema, { body });
  useSessionStore.getState().setUser(user);
  return loadSignedInUser(queryClient);
}

/** POST /auth/google with the ID token from Google Identity Services. */
export async function signInWithGoogle(
  queryClient: QueryClient,
  credential: string,
): Promise<Me | null> {
  const { user } = await apiJson('POST', '/auth/google', loginResponseSchema, {
    body: { credential },
  });
  useSessionStore.getState().setUser(user);
  return loadSignedInUser(queryClient);
}

/** Forgets everything about the signed-in user on this page. */
export function clearSession(queryClient: QueryClient): void {
  useSessionStore.getState().clear();
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'config' });
  queryClient.setQueryData(meQueryKey, null);
}

/**
 * POST /auth/logout (best effort: local state is cleared even if the call fails). Unsent chat
 * messages are forgotten too, so that they do not wait on a shared browser for the next person.
 */
export async function signOut(queryClient: QueryClient): Promise<void> {
  const userId = useSessionStore.getState().user?.id;
  try {
    await apiJson('POST', '/auth/logout', messageResponseSchema, {
      redirectOnUnauthorized: false,
    });
  } catch {
    // Already signed out on the server, or offline: either way the user wants out.
  } finally {
    clearSession(queryClient);
    // The chat engine is not part of the first download: fetched here if it is not loaded yet.
    if (userId) (await import('../conversations/chat-client')).discardOutbox(userId);
  }
}
