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
import { findRow } from '../../lib/rows';

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

export const findNotification = (db: Executor, userId: string, id: string) =>
  findRow(db, notifications, and(shown(userId), eq(notifications.id, id)));

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

export const findSettings = (db: Executor, userId: string) =>
  findRow(db, notificationSettings, eq(notificationSettings.userId, userId));

export async function saveSettings(db: Executor, settings: NotificationSettingsRow) {
  const { userId: _userId, ...values } = settings;
  await db
    .insert(notificationSettings)
    .values(settings)
    .onConflictDoUpdate({ target: notificationSettings.userId, set: values });
}

export type DeliveryRow = typeof notificationDeliveries.$inferSelect;
export type DeliveryChange = Partial<typeof notificationDeliveries.$inferInsert>;

/** A delivery with the notification it delivers. */
export interface DeliveryWithNotification {
  delivery: DeliveryRow;
  notification: NotificationRow;
}

const deliveriesOf = (channel: DeliveryRow['channel'], notificationIds: string[]) =>
  and(
    eq(notificationDeliveries.channel, channel),
    inArray(notificationDeliveries.notificationId, notificationIds),
  );

/** The deliveries on this channel of these notifications, in the order of `notificationIds`. */
export async function findDeliveries(
  db: Executor,
  channel: DeliveryRow['channel'],
  notificationIds: string[],
): Promise<DeliveryWithNotification[]> {
  const found = await db
    .select({ delivery: notificationDeliveries, notification: notifications })
    .from(notificationDeliveries)
    .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
    .where(deliveriesOf(channel, notificationIds));
  const order = new Map(notificationIds.map((id, i) => [id, i]));
  return found.sort((a, b) => order.get(a.notification.id)! - order.get(b.notification.id)!);
}

/** Moves queued deliveries on; a delivery that is no longer queued is left as it is. */
export async function settleDeliveries(
  db: Executor,
  channel: DeliveryRow['channel'],
  notificationIds: string[],
  values: DeliveryChange,
) {
  if (notificationIds.length === 0) return;
  await db
    .update(notificationDeliveries)
    .set(values)
    .where(
      and(deliveriesOf(channel, notificationIds), eq(notificationDeliveries.status, 'queued')),
    );
}

/**
 * Counts an attempt at these deliveries and keeps the Message-ID an earlier attempt stored (else
 * `messageId`); returns the most attempts any of them has had, this one included.
 */
export async function countAttempt(
  db: Executor,
  channel: DeliveryRow['channel'],
  notificationIds: string[],
  messageId: string,
): Promise<number> {
  const updated = await db
    .update(notificationDeliveries)
    .set({
      messageId: sql`coalesce(${notificationDeliveries.messageId}, ${messageId})`,
      attempts: sql`${notificationDeliveries.attempts} + 1`,
    })
    .where(deliveriesOf(channel, notificationIds))
    .returning({ attempts: notificationDeliveries.attempts });
  return Math.max(0, ...updated.map((r) => r.attempts));
}

/** No more e-mail to this person's address (it bounced for good) until they change it. */
export async function disableEmail(db: Executor, userId: string, now: Date) {
  await db
    .insert(notificationSettings)
    .values({ userId, emailDisabledAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: notificationSettings.userId,
      set: { emailDisabledAt: now, updatedAt: now },
    });
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

/** The user's push subscriptions that still work (a `where` condition). */
const activePushOf = (userId: string) =>
  and(eq(pushSubscriptions.userId, userId), isNull(pushSubscriptions.disabledAt));

export async function hasActivePush(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: pushSubscriptions.id })
    .from(pushSubscriptions)
    .where(activePushOf(userId))
    .limit(1);
  return row !== undefined;
}

export function activePushSubscriptions(db: Executor, userId: string) {
  return db.select().from(pushSubscriptions).where(activePushOf(userId));
}

/** The browser unsubscribed: this subscription is never tried again. */
export async function disablePushSubscription(db: Executor, id: string, now: Date) {
  await db
    .update(pushSubscriptions)
    .set({ disabledAt: now })
    .where(and(eq(pushSubscriptions.id, id), isNull(pushSubscriptions.disabledAt)));
}
