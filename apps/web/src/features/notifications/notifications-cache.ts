import type { Notification, NotificationsResponse } from '@kindred/protocol';
import type { InfiniteData } from '@tanstack/react-query';

/**
 * How the cached lists change when something happens: pure functions, so that the socket
 * events, the optimistic updates and the API's answers all change the caches the same way.
 */

export type NotificationPages = InfiniteData<NotificationsResponse, string | null>;

/** Which notifications were read: some ids, or all of them. */
export type ReadIds = readonly string[] | 'all';

/** The list with `notification` on top; an older copy of it (same id) is taken out. */
export function withNewest(
  list: readonly Notification[],
  notification: Notification,
  max = Infinity,
): Notification[] {
  return [notification, ...list.filter((n) => n.id !== notification.id)].slice(0, max);
}

/** The list with the given notifications marked read at `readAt` (already read ones stay). */
export function withRead(
  list: readonly Notification[],
  ids: ReadIds,
  readAt: string,
): Notification[] {
  const chosen = ids === 'all' ? null : new Set(ids);
  let changed = false;
  const next = list.map((n) => {
    if (n.read_at !== null || (chosen && !chosen.has(n.id))) return n;
    changed = true;
    return { ...n, read_at: readAt };
  });
  return changed ? next : (list as Notification[]);
}

/** The bell's list after a new notification arrived, with the server's unread count. */
export function latestWithNew(
  data: NotificationsResponse,
  notification: Notification,
  unreadCount: number,
  max: number,
): NotificationsResponse {
  return {
    ...data,
    notifications: withNewest(data.notifications, notification, max),
    unread_count: unreadCount,
  };
}

/** The bell's list after some were read, with the new unread count. */
export function latestWithRead(
  data: NotificationsResponse,
  ids: ReadIds,
  readAt: string,
  unreadCount: number,
): NotificationsResponse {
  return {
    ...data,
    notifications: withRead(data.notifications, ids, readAt),
    unread_count: unreadCount,
  };
}

/**
 * A paged list after a new notification arrived: it goes on top of the first page (it is new,
 * so it belongs under both filters), and out of any later page that had an older copy.
 */
export function pagesWithNew(
  data: NotificationPages,
  notification: Notification,
  unreadCount: number,
): NotificationPages {
  return {
    ...data,
    pages: data.pages.map((page, index) => ({
      ...page,
      notifications:
        index === 0
          ? withNewest(page.notifications, notification)
          : page.notifications.filter((n) => n.id !== notification.id),
      unread_count: unreadCount,
    })),
  };
}

/**
 * A paged list after some were read. Under the "Unread" filter they stay where they are, shown as
 * read, so that nothing jumps away under the reader's eyes; the next fetch leaves them out.
 */
export function pagesWithRead(
  data: NotificationPages,
  ids: ReadIds,
  readAt: string,
  unreadCount: number,
): NotificationPages {
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      notifications: withRead(page.notifications, ids, readAt),
      unread_count: unreadCount,
    })),
  };
}
