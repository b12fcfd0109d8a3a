import { randomUUID } from 'node:crypto';
import { apiPrefix, type NotificationType } from '@kindred/protocol';
import type { AppointmentNews } from '../../lib/events';
import type { App, ModuleContext } from '../../lib/module';
import { chatRoom } from '../../realtime/notifier';
import { findUserById } from '../identity';
import { accountMailFor } from './account-mail';
import { type InAppText, inAppText } from './catalogue';
import { createMailer } from './mailer';
import { notificationsRoutes } from './routes';
import { registerDelivery } from './delivery';
import { createNotificationsService } from './service';

/**
 * How long this node trusts that a conversation's notification is still unread. Reading it on
 * another node is not heard here, so a new message within this time after that read may go
 * without a notification; the database's one-unread-per-conversation index is the real rule.
 */
const UNREAD_MEMORY_MS = 10_000;

/** Who was told of which conversation, recently, on this node. */
function recentlyNotified(ttlMs: number) {
  const told = new Map<string, Map<string, number>>();
  return {
    has(conversationId: string, userId: string) {
      const until = told.get(userId)?.get(conversationId);
      return until !== undefined && until > Date.now();
    },
    remember(conversationId: string, userId: string) {
      if (told.size > 50_000) told.clear();
      const mine = told.get(userId) ?? new Map<string, number>();
      mine.set(conversationId, Date.now() + ttlMs);
      told.set(userId, mine);
    },
    forget(conversationId: string, userId: string) {
      told.get(userId)?.delete(conversationId);
    },
    /** The user read notifications here: whatever they read, ask the database again. */
    forgetUser(userId: string) {
      told.delete(userId);
    },
  };
}

/**
 * Notifications: the in-app centre, realtime to every device, e-mail and Web Push. A pure
 * subscriber: it hears of what happened through domain events, and nothing imports it.
 */
export async function register(app: App, ctx: ModuleContext) {
  const { events, db, presence } = ctx;
  const delivery = await registerDelivery(app, ctx);
  const unreadGroups = recentlyNotified(UNREAD_MEMORY_MS);
  const notifications = createNotificationsService({
    readBy: (userId) => unreadGroups.forgetUser(userId),
    db,
    clock: ctx.clock,
    events,
    notifier: ctx.notifier,
    pushEnabled: ctx.config.vapid !== undefined,
    pushPublicOnly: ctx.config.pushPublicOnly,
    delivery: () => delivery,
  });
  // Notifying never holds up what caused it: a message's ack does not wait for its e-mail.
  const on: typeof events.on = (name, handler) => events.on(name, handler, { detached: true });
  const pseudonymOf = async (userId: string) =>
    (await findUserById(db, userId))?.pseudonym ?? 'Someone';

  /** Members with no socket in the conversation right now, on any node. */
  async function awayFrom(conversationId: string, userIds: string[]) {
    const room = chatRoom(conversationId);
    // This node's sockets first: asking every node goes through Redis, so only for the rest.
    const local = new Set(
      (await ctx.realtime.io.local.in(room).fetchSockets()).map((s) => s.data.userId),
    );
    const rest = userIds.filter((id) => !local.has(id));
    if (rest.length === 0 || !ctx.redis) return rest;
    const everywhere = await ctx.realtime.io.in(room).fetchSockets();
    const here = new Set(everywhere.map((s) => s.data.userId));
    return rest.filter((id) => !here.has(id));
  }

  on(
    'request.sent',
    async (e) =>
      void (await notifications.notify(
        e.receiverId,
        'message_request',
        inAppText.messageRequest(await pseudonymOf(e.senderId)),
        { requestId: e.requestId },
      )),
  );
  on(
    'request.accepted',
    async (e) =>
      void (await notifications.notify(
        e.senderId,
        'request_accepted',
        inAppText.requestAccepted(await pseudonymOf(e.receiverId), e.conversationId),
        { requestId: e.requestId, conversationId: e.conversationId },
      )),
  );
  // A direct message reaches whoever is not looking at the conversation: one notification per
  // conversation until it is read, not one per message.
  on('message.stored', async (e) => {
    if (e.conversationKind !== 'direct') return;
    // Someone already told of this conversation (and not yet read) needs no second notification:
    // remembered here for a few seconds so a busy chat costs no query per message.
    const others = e.memberIds.filter(
      (id) =>
        id !== e.senderId && !e.seenBy.includes(id) && !unreadGroups.has(e.conversationId, id),
    );
    if (others.length === 0) return;
    const away = await awayFrom(e.conversationId, others);
    if (away.length === 0) return;
    const text = inAppText.newMessage(await pseudonymOf(e.senderId), e.conversationId);
    for (const userId of away) {
      await notifications.notify(userId, 'new_message', text, {
        conversationId: e.conversationId,
        group: true,
      });
      unreadGroups.remember(e.conversationId, userId);
    }
  });
  on('support.replied', async (e) => {
    if ((await awayFrom(e.conversationId, [e.userId])).length === 0) return;
    await notifications.notify(
      e.userId,
      'support_reply',
      inAppText.supportReply(e.conversationId),
      {
        conversationId: e.conversationId,
        group: true,
      },
    );
  });
  // A listener away from the tab (no socket at all) still hears that someone wants to talk.
  on('chat.started', async (e) => {
    const status = (await presence.status([e.listenerId])).get(e.listenerId);
    if (status?.online) return;
    await notifications.notify(
      e.listenerId,
      'chat_request',
      inAppText.chatRequest(await pseudonymOf(e.sharerId)),
      { conversationId: e.conversationId },
    );
  });
  // A sharer waiting in line who left the page hears that a listener is free (once per wait).
  on(
    'waiting.listener_free',
    async (e) =>
      void (await notifications.notify(e.sharerId, 'listener_free', inAppText.listenerFree())),
  );
  // News about one person that they simply hear of. Registration does not say that an address
  // is taken; its owner hears of the attempt instead.
  const toldOnly = [
    ['listener.approved', 'listener_approved', inAppText.listenerApproved],
    ['listener.rejected', 'listener_rejected', inAppText.listenerRejected],
    ['notice.issued', 'moderation_notice', inAppText.moderationNotice],
    ['account.registration_attempted', 'account_security', inAppText.registrationAttempt],
  ] as const;
  for (const [name, kind, text] of toldOnly) {
    on(name, async (e) => void (await notifications.notify(e.userId, kind, text())));
  }
  // Account links carry a single-use token: mailed at once and never stored, so not through the
  // stored delivery queue. A mail lost here is asked for again by the person waiting for it.
  const accountMailer = createMailer(ctx.config, ctx.log);
  app.addHook('onClose', async () => accountMailer.close());
  on('account.mail', async (e) => {
    await accountMailer.send({
      to: e.to,
      ...accountMailFor(e),
      messageId: `<${randomUUID()}@${new URL(ctx.config.publicUrl).hostname}>`,
    });
  });
  // Booked sessions: the other side hears of a booking, a move or a cancellation (with the
  // calendar file on the e-mail); both hear each reminder. Kindred's own cancellations (a block,
  // a ban) go to both.
  /** Tells the other side of a change (both, for Kindred's own), with its calendar file. */
  async function tellOtherSide(e: AppointmentNews, kind: NotificationType, text: InAppText) {
    for (const userId of [e.sharerId, e.listenerId].filter((id) => id !== e.actorId)) {
      await notifications.notify(userId, kind, text, {
        appointmentId: e.appointmentId,
        calendar: e.calendar,
      });
    }
  }
  on('appointment.booked', async (e) => {
    const text = inAppText.appointmentBooked(await pseudonymOf(e.sharerId), e.appointmentId);
    await tellOtherSide(e, 'appointment_booked', text);
  });
  on('appointment.rescheduled', async (e) => {
    const by = e.actorId ? await pseudonymOf(e.actorId) : 'Kindred';
    const text = inAppText.appointmentRescheduled(by, e.appointmentId);
    await tellOtherSide(e, 'appointment_rescheduled', text);
  });
  on('appointment.cancelled', async (e) => {
    const by = e.actorId ? await pseudonymOf(e.actorId) : null;
    await tellOtherSide(
      e,
      'appointment_cancelled',
      inAppText.appointmentCancelled(by, e.appointmentId),
    );
  });
  on('appointment.reminder-due', async (e) => {
    const text = inAppText.appointmentReminder(e.minutesBefore, e.appointmentId);
    for (const userId of [e.sharerId, e.listenerId]) {
      await notifications.notify(userId, 'appointment_reminder', text, {
        appointmentId: e.appointmentId,
      });
    }
  });
  // Reading a conversation on one device marks its notifications read on every device.
  on('conversation.read', async (e) => {
    unreadGroups.forget(e.conversationId, e.userId);
    await notifications.markRead(e.userId, { conversationId: e.conversationId });
  });

  await app.register(notificationsRoutes, {
    prefix: `${apiPrefix}/notifications`,
    notifications,
    pushKey: ctx.config.vapid?.publicKey,
  });
}
