import { and, count, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import {
  notificationDeliveries,
  type NotificationRow,
  notifications,
  notificationSettings,
  type NotificationSettingsRow,
  pushSubscriptions,
} from '../../db/schema';

export type NewNotification = Omit<typeof notifications.$inferInsert, 'id' | 'readAt'>;

/**
 * Stores a notification. A grouped one (chat messages: one per conversation until read) that
 * already has an unread row is not stored again: undefined.
 */
export async function insertNotification(
  db: Executor,
  values: NewNotification,
): Promise<NotificationRow | undefined> {
  const [row] = await db
    .insert(notifications)
    .values(values)
    .onConflictDoNothing({
      target: [notifications.userId, notifications.groupKey],
      where: sql`read_at is null and group_key is not null`,
    })
    .returning();
  return row;
}

const shown = (userId: string) =>
  and(eq(notifications.userId, userId), eq(notifications.inApp, true));

/** A page, newest first, after a (created_at, id) position. */
export async function listNotifications(
  db: Executor,
  userId: string,
  options: { limit: number; before?: { at: Date; id: string }; unread: boolean },
): Promise<NotificationRow[]> {
  const { before } = options;
  return db
    .select()
    .from(notifications)
    .where(
      and(
        shown(userId),
        options.unread ? isNull(notifications.readAt) : undefined,
        before
          ? or(
              lt(notifications.createdAt, before.at),
              and(eq(notifications.createdAt, before.at), lt(notifications.id, before.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(options.limit);
}

export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(shown(userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

export async function findNotification(db: Executor, userId: string, id: string) {
  const [row] = await db
    .select()
    .from(notifications)
    .where(and(shown(userId), eq(notifications.id, id)))
    .limit(1);
  return row;
}

/** Marks unread notifications read; returns the ids that changed. */
export async function markRead(
  db: Executor,
  userId: string,
  at: Date,
  which: { ids?: string[]; conversationId?: string },
): Promise<string[]> {
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        which.ids ? inArray(notifications.id, which.ids) : undefined,
        which.conversationId ? eq(notifications.conversationId, which.conversationId) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return rows.map((r) => r.id);
}

export async function findSettings(
  db: Executor,
  userId: string,
): Promise<NotificationSettingsRow | undefined> {
  const [row] = await db
    .select()
    .from(notificationSettings)
    .where(eq(notificationSettings.userId, userId))
    .limit(1);
  return row;
}

export async function saveSettings(db: Executor, settings: NotificationSettingsRow) {
  const { userId: _userId, ...values } = settings;
  await db
    .insert(notificationSettings)
    .values(settings)
    .onConflictDoUpdate({ target: notificationSettings.userId, set: values });
}

export async function insertDeliveries(
  db: Executor,
  rows: (typeof notificationDeliveries.$inferInsert)[],
) {
  if (rows.length > 0) await db.insert(notificationDeliveries).values(rows).onConflictDoNothing();
}

/** Saves a browser's subscription; the same endpoint moves to whoever subscribed it last. */
export async function savePushSubscription(
  db: Executor,
  values: { userId: string; endpoint: string; p256dh: string; auth: string },
): Promise<string> {
  const [row] = await db
    .insert(pushSubscriptions)
    .values(values)
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: { userId: values.userId, p256dh: values.p256dh, auth: values.auth, disabledAt: null },
    })
    .returning({ id: pushSubscriptions.id });
  return row!.id;
}

export async function deletePushSubscription(db: Executor, userId: string, id: string) {
  const rows = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.id, id), eq(pushSubscriptions.userId, userId)))
    .returning({ id: pushSubscriptions.id });
  return rows.length > 0;
}

export async function hasActivePush(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: pushSubscriptions.id })
    .from(pushSubscriptions)
    .where(and(eq(pushSubscriptions.userId, userId), isNull(pushSubscriptions.disabledAt)))
    .limit(1);
  return row !== undefined;
}
