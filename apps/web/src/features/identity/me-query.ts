import { meSchema, type Me } from '@kindred/protocol';
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { ApiError, apiJson } from '../../lib/api';
import { toSessionUser, useSessionStore } from './session-store';

export const meQueryKey = ['me'] as const;

/** GET /users/me, or null when nobody is signed in (after one refresh attempt). */
async function fetchMe(signal: AbortSignal): Promise<Me | null> {
  try {
    const me = await apiJson('GET', '/users/me', meSchema, {
      redirectOnUnauthorized: false,
      signal,
    });
    useSessionStore.getState().setUser(toSessionUser(me));
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      useSessionStore.getState().clear();
      return null;
    }
    throw error;
  }
}

export const meQueryOptions = queryOptions({
  queryKey: meQueryKey,
  queryFn: ({ signal }) => fetchMe(signal),
});

/** The signed-in user's own profile; `data` is null when signed out. */
export function useMe() {
  return useQuery(meQueryOptions);
}

/** Stores a fresh Me (from PATCH /users/me, say) in the cache and the session store. */
export function storeMe(queryClient: QueryClient, me: Me): void {
  queryClient.setQueryData(meQueryKey, me);
  useSessionStore.getState().setUser(toSessionUser(me));
}
