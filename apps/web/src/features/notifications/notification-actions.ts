import type { Notification, NotificationsResponse } from '@kindred/protocol';
import { queryClient } from '../../lib/query-client';
import {
  LATEST_COUNT,
  latestQueryKey,
  listQueryKey,
  markAllNotificationsRead,
  markNotificationRead,
} from './notifications-api';
import {
  latestWithNew,
  latestWithRead,
  pagesWithNew,
  pagesWithRead,
  type NotificationPages,
  type ReadIds,
} from './notifications-cache';

/**
 * The notification centre's state lives in the query cache: the bell's newest few (with the
 * unread count) and the notifications page's lists. These change it, from socket events, from
 * the user's own actions (at once, before the server answers) and from the server's answers.
 */

/** The unread count as this tab knows it. */
export function knownUnreadCount(): number {
  return queryClient.getQueryData<NotificationsResponse>(latestQueryKey)?.unread_count ?? 0;
}

/** Fetches the lists again (after a reconnect, or when a cache could not be updated in place). */
export function refreshNotifications(): void {
  void queryClient.invalidateQueries({ queryKey: latestQueryKey });
  void queryClient.invalidateQueries({ queryKey: listQueryKey });
}

/** A new (or renewed) notification: on top of every list, with the server's unread count. */
export function receiveNotification(notification: Notification, unreadCount: number): void {
  const latest = queryClient.getQueryState(latestQueryKey);
  // A fetch already under way may have started before this notification existed, and would
  // overwrite it: fetch again instead. Without data yet there is nothing to update either.
  if (!latest?.data || latest.fetchStatus === 'fetching') {
    void queryClient.invalidateQueries({ queryKey: latestQueryKey });
  } else {
    queryClient.setQueryData<NotificationsResponse>(
      latestQueryKey,
      (data) => data && latestWithNew(data, notification, unreadCount, LATEST_COUNT),
    );
  }
  queryClient.setQueriesData<NotificationPages>(
    { queryKey: listQueryKey },
    (data) => data && pagesWithNew(data, notification, unreadCount),
  );
}

/** Some or all notifications were read (here, or on another device). */
export function applyRead(ids: ReadIds, unreadCount: number, readAt: string): void {
  queryClient.setQueryData<NotificationsResponse>(
    latestQueryKey,
    (data) => data && latestWithRead(data, ids, readAt, unreadCount),
  );
  queryClient.setQueriesData<NotificationPages>(
    { queryKey: listQueryKey },
    (data) => data && pagesWithRead(data, ids, readAt, unreadCount),
  );
}

/**
 * Opening a notification marks it read: at once in this tab, then on the server, which tells
 * the user's other tabs and devices. The caller navigates to its link meanwhile.
 */
export async function readNotification(id: string, wasUnread: boolean): Promise<void> {
  if (wasUnread) {
    applyRead([id], Math.max(0, knownUnreadCount() - 1), new Date().toISOString());
  }
  try {
    const { notification, unread_count } = await markNotificationRead(id);
    applyRead([id], unread_count, notification.read_at ?? new Date().toISOString());
  } catch {
    // It stays read here only if the server agrees: fetch the truth again.
    refreshNotifications();
  }
}

/** "Mark all as read": at once here, then on the server. Throws when the server refused. */
export async function readAllNotifications(): Promise<void> {
  const before = knownUnreadCount();
  applyRead('all', 0, new Date().toISOString());
  try {
    const { unread_count } = await markAllNotificationsRead();
    // Anything newer than the request is still unread: the count says so.
    if (unread_count !== 0) refreshNotifications();
  } catch (error) {
    if (before > 0) refreshNotifications();
    throw error;
  }
}
