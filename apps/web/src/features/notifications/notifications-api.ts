import {
  messageResponseSchema,
  notificationPreferencesSchema,
  notificationReadResponseSchema,
  notificationsReadAllResponseSchema,
  notificationsResponseSchema,
  pushKeyResponseSchema,
  pushSubscriptionResponseSchema,
  type PushSubscriptionBody,
  type UpdateNotificationPreferences,
} from '@kindred/protocol';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { apiJson, getJson } from '../../lib/api';

/** The REST calls of the notification centre and their query keys. */

export type NotificationFilter = 'all' | 'unread';

/** Everything the notification centre caches lives under this key. */
export const notificationsQueryKey = ['notifications'] as const;
/** The newest few, for the bell: also where the unread count is kept. */
export const latestQueryKey = ['notifications', 'latest'] as const;
/** The notifications page, one cache per filter. */
export const listQueryKey = ['notifications', 'list'] as const;
export const preferencesQueryKey = ['notifications', 'preferences'] as const;
export const pushKeyQueryKey = ['notifications', 'push-key'] as const;

/** How many the bell's dropdown shows. */
export const LATEST_COUNT = 10;
const PAGE = 20;

function listPath(limit: number, filter: NotificationFilter, cursor?: string | null): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  if (filter === 'unread') query.set('unread', 'true');
  return `/notifications?${query}`;
}

export const latestQueryOptions = queryOptions({
  queryKey: latestQueryKey,
  queryFn: getJson(listPath(LATEST_COUNT, 'all'), notificationsResponseSchema, {
    redirectOnUnauthorized: false,
  }),
  // The socket keeps it current; it is fetched again after every reconnect.
  staleTime: 5 * 60_000,
});

export const listQueryOptions = (filter: NotificationFilter) =>
  infiniteQueryOptions({
    queryKey: [...listQueryKey, filter],
    queryFn: ({ pageParam, signal }) =>
      apiJson('GET', listPath(PAGE, filter, pageParam), notificationsResponseSchema, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export const preferencesQueryOptions = queryOptions({
  queryKey: preferencesQueryKey,
  queryFn: getJson('/notifications/preferences', notificationPreferencesSchema),
});

/** The server's VAPID public key; a server without Web Push answers PUSH_NOT_CONFIGURED. */
export const pushKeyQueryOptions = queryOptions({
  queryKey: pushKeyQueryKey,
  queryFn: getJson('/notifications/push-key', pushKeyResponseSchema),
  staleTime: Infinity,
});

export const markNotificationRead = (id: string) =>
  apiJson('PUT', `/notifications/${encodeURIComponent(id)}/read`, notificationReadResponseSchema);

export const markAllNotificationsRead = () =>
  apiJson('PUT', '/notifications/read-all', notificationsReadAllResponseSchema);

export const updatePreferences = (body: UpdateNotificationPreferences) =>
  apiJson('PUT', '/notifications/preferences', notificationPreferencesSchema, { body });

export const savePushSubscription = (body: PushSubscriptionBody) =>
  apiJson('POST', '/notifications/push-subscriptions', pushSubscriptionResponseSchema, { body });

export const deletePushSubscription = (id: string) =>
  apiJson(
    'DELETE',
    `/notifications/push-subscriptions/${encodeURIComponent(id)}`,
    messageResponseSchema,
  );
