import type {
  Notification,
  NotificationType,
  UpdateNotificationPreferences,
} from '@kindred/protocol';
import type { Db } from '../../db/client';
import type { NotificationRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { cursorPage, decodeTimeCursor, encodeTimeCursor } from '../../lib/cursor-pages';
import { errors } from '../../lib/errors';
import type { EventBus } from '../../lib/events';
import type { Notifier } from '../../realtime/notifier';
import { findUserById } from '../identity';
import type { InAppText } from './catalogue';
import * as repo from './notifications.repository';
import { endpointProblem } from './push-address';
import {
  channelsFor,
  defaultSettings,
  isChatType,
  isTimeZone,
  nextDigestWindow,
  quietHoursEnd,
  toPreferences,
} from './preferences';

export interface DeliveryQueue {
  /** Sends a delivery that is due now (after the notification's transaction committed). */
  enqueue(notificationId: string, channel: 'email' | 'push'): Promise<void>;
}

export function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    type: row.type as NotificationType,
    title: row.title,
    body: row.body,
    link: row.link,
    created_at: row.createdAt.toISOString(),
    read_at: row.readAt?.toISOString() ?? null,
    conversation_id: row.conversationId,
    request_id: row.requestId,
    appointment_id: row.appointmentId,
  };
}

/**
 * The notification centre: who hears of what, on which channel and when. In-app notifications
 * are stored and sent to every device at once; e-mail and push wait for quiet hours to end
 * (and chat-message e-mail for its digest window), then go through the delivery queue.
 */
export function createNotificationsService(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  notifier: Notifier;
  pushEnabled: boolean;
  /** Refuse push endpoints that are not public HTTPS addresses. */
  pushPublicOnly: boolean;
  delivery: () => DeliveryQueue | undefined;
  /** Told whenever a user reads notifications (any of them, on this node). */
  readBy?: (userId: string) => void;
}) {
  const { db, clock, notifier } = deps;

  const settingsOf = async (userId: string) =>
    (await repo.findSettings(db, userId)) ?? defaultSettings(userId);

  /** Creates one notification for one person, as their preferences say. */
  async function notify(
    userId: string,
    type: NotificationType,
    text: InAppText,
    about: {
      conversationId?: string;
      requestId?: string;
      appointmentId?: string;
      /** An iCalendar file for the e-mail to carry (an appointment's invitation or cancellation). */
      calendar?: string | null;
      group?: boolean;
    } = {},
  ): Promise<NotificationRow | undefined> {
    const [user, settings] = await Promise.all([findUserById(db, userId), settingsOf(userId)]);
    if (!user || !user.isActive) return undefined;
    const channels = channelsFor(settings, type);
    const now = clock.now();
    const quietUntil = quietHoursEnd(settings, now);
    const created = await deps.events.transaction(db, async (tx) => {
      const row = await repo.insertNotification(tx, {
        userId,
        type,
        ...text,
        conversationId: about.conversationId ?? null,
        requestId: about.requestId ?? null,
        appointmentId: about.appointmentId ?? null,
        calendar: about.calendar ?? null,
        groupKey: about.group && about.conversationId ? `${type}:${about.conversationId}` : null,
        inApp: channels.in_app,
        createdAt: now,
      });
      if (!row) return undefined;
      const deliveries: { channel: 'email' | 'push'; dueAt: Date | undefined }[] = [];
      const chat = isChatType(type);
      const emailOff =
        settings.emailDisabledAt !== null || (chat && settings.messageEmail === 'never');
      if (channels.email && !emailOff) {
        const window =
          chat && settings.messageEmail === 'hourly' ? nextDigestWindow(now) : undefined;
        const due = [window, quietUntil].filter((d): d is Date => d !== undefined);
        deliveries.push({
          channel: 'email',
          dueAt: due.length > 0 ? new Date(Math.max(...due.map((d) => d.getTime()))) : undefined,
        });
      }
      if (channels.push && deps.pushEnabled && (await repo.hasActivePush(tx, userId))) {
        deliveries.push({ channel: 'push', dueAt: quietUntil });
      }
      await repo.insertDeliveries(
        tx,
        deliveries.map((d) => ({
          notificationId: row.id,
          channel: d.channel,
          status: d.dueAt ? ('held' as const) : ('queued' as const),
          dueAt: d.dueAt ?? null,
        })),
      );
      return { row, now: deliveries.filter((d) => !d.dueAt).map((d) => d.channel) };
    });
    if (!created) return undefined;
    const { row } = created;
    if (row.inApp) {
      const unread = await repo.unreadCount(db, userId);
      notifier.toUsers([userId], 'notification', { ...toNotification(row), unread_count: unread });
    }
    for (const channel of created.now) await deps.delivery()?.enqueue(row.id, channel);
    return row;
  }

  /** Marks read and tells every device of the user. */
  async function markRead(userId: string, which: { ids?: string[]; conversationId?: string }) {
    const ids = await repo.markRead(db, userId, clock.now(), which);
    deps.readBy?.(userId);
    const unread = await repo.unreadCount(db, userId);
    if (ids.length > 0)
      notifier.toUsers([userId], 'notifications_read', { ids, unread_count: unread });
    return unread;
  }

  return {
    notify,
    markRead,

    async list(
      userId: string,
      query: { limit: number; cursor?: string; unread?: 'true' | 'false' },
    ) {
      const rows = await repo.listNotifications(db, userId, {
        limit: query.limit + 1,
        before: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
        unread: query.unread === 'true',
      });
      const { page, nextCursor } = cursorPage(rows, query.limit, (last) =>
        encodeTimeCursor({ at: last.createdAt, id: last.id }),
      );
      return {
        notifications: page.map(toNotification),
        next_cursor: nextCursor,
        unread_count: await repo.unreadCount(db, userId),
      };
    },

    /** Another person's notification is not found, like one that does not exist. */
    async read(userId: string, id: string) {
      if (!(await repo.findNotification(db, userId, id))) throw errors.notFound('Notification');
      const unread = await markRead(userId, { ids: [id] });
      const row = await repo.findNotification(db, userId, id);
      return { notification: toNotification(row!), unread_count: unread };
    },

    async readAll(userId: string) {
      const ids = await repo.markRead(db, userId, clock.now(), {});
      deps.readBy?.(userId);
      if (ids.length > 0)
        notifier.toUsers([userId], 'notifications_read', { ids: 'all', unread_count: 0 });
      return { unread_count: await repo.unreadCount(db, userId) };
    },

    async preferences(userId: string) {
      return toPreferences(await settingsOf(userId));
    },

    async updatePreferences(userId: string, body: UpdateNotificationPreferences) {
      const settings = await settingsOf(userId);
      const zone = body.quiet_hours?.time_zone;
      if (zone !== undefined && !isTimeZone(zone)) {
        throw errors.validation(
          [{ path: 'quiet_hours.time_zone', message: 'Choose a time zone such as Europe/London' }],
          'Choose a time zone such as Europe/London',
        );
      }
      const channels = { ...settings.channels };
      for (const [type, switches] of Object.entries(body.types ?? {})) {
        channels[type] = { ...channels[type], ...switches };
      }
      const quiet = body.quiet_hours ?? {};
      const next = {
        ...settings,
        channels,
        quietEnabled: quiet.enabled ?? settings.quietEnabled,
        quietStart: quiet.start ?? settings.quietStart,
        quietEnd: quiet.end ?? settings.quietEnd,
        timeZone: zone ?? settings.timeZone,
        messageEmail: body.message_email ?? settings.messageEmail,
        emailDisabledAt: body.resume_email ? null : settings.emailDisabledAt,
        updatedAt: clock.now(),
      };
      await repo.saveSettings(db, next);
      return toPreferences(next);
    },

    async subscribePush(
      userId: string,
      body: { endpoint: string; keys: { p256dh: string; auth: string } },
    ) {
      if (!deps.pushEnabled) throw errors.pushNotConfigured();
      const problem = deps.pushPublicOnly ? endpointProblem(body.endpoint) : undefined;
      if (problem) throw errors.validation([{ path: 'endpoint', message: problem }], problem);
      const id = await repo.savePushSubscription(db, {
        userId,
        endpoint: body.endpoint,
        p256dh: body.keys.p256dh,
        auth: body.keys.auth,
      });
      return { id };
    },

    async unsubscribePush(userId: string, id: string) {
      if (!(await repo.deletePushSubscription(db, userId, id))) {
        throw errors.notFound('Push subscription');
      }
      return { message: 'This device will no longer receive notifications' };
    },
  };
}
export type NotificationsService = ReturnType<typeof createNotificationsService>;
