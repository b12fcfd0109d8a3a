import { apiPrefix } from '@kindred/protocol';
import type { App, ModuleContext } from '../../lib/module';
import { chatRoom } from '../../realtime/notifier';
import { findUserById } from '../identity';
import { inAppText } from './catalogue';
import { notificationsRoutes } from './routes';
import { registerDelivery } from './delivery';
import { createNotificationsService } from './service';

/**
 * Notifications: the in-app centre, realtime to every device, e-mail and Web Push. A pure
 * subscriber: it hears of what happened through domain events, and nothing imports it.
 */
export async function register(app: App, ctx: ModuleContext) {
  const { events, db, presence } = ctx;
  const delivery = await registerDelivery(app, ctx);
  const notifications = createNotificationsService({
    db,
    clock: ctx.clock,
    events,
    notifier: ctx.notifier,
    pushEnabled: ctx.config.vapid !== undefined,
    delivery: () => delivery,
  });
  // Notifying never holds up what caused it: a message's ack does not wait for its e-mail.
  const on: typeof events.on = (name, handler) => events.on(name, handler, { detached: true });
  const pseudonymOf = async (userId: string) =>
    (await findUserById(db, userId))?.pseudonym ?? 'Someone';

  /** Members with no socket in the conversation right now, on any node. */
  async function awayFrom(conversationId: string, userIds: string[]) {
    const sockets = await ctx.realtime.io.in(chatRoom(conversationId)).fetchSockets();
    const here = new Set(sockets.map((s) => s.data.userId));
    return userIds.filter((id) => !here.has(id));
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
    const others = e.memberIds.filter((id) => id !== e.senderId);
    const away = await awayFrom(e.conversationId, others);
    if (away.length === 0) return;
    const text = inAppText.newMessage(await pseudonymOf(e.senderId), e.conversationId);
    for (const userId of away) {
      await notifications.notify(userId, 'new_message', text, {
        conversationId: e.conversationId,
        group: true,
      });
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
  on(
    'listener.approved',
    async (e) =>
      void (await notifications.notify(
        e.userId,
        'listener_approved',
        inAppText.listenerApproved(),
      )),
  );
  on(
    'listener.rejected',
    async (e) =>
      void (await notifications.notify(
        e.userId,
        'listener_rejected',
        inAppText.listenerRejected(),
      )),
  );
  on(
    'notice.issued',
    async (e) =>
      void (await notifications.notify(
        e.userId,
        'moderation_notice',
        inAppText.moderationNotice(),
      )),
  );
  // Reading a conversation on one device marks its notifications read on every device.
  on(
    'conversation.read',
    async (e) =>
      void (await notifications.markRead(e.userId, { conversationId: e.conversationId })),
  );

  await app.register(notificationsRoutes, {
    prefix: `${apiPrefix}/notifications`,
    notifications,
    pushKey: ctx.config.vapid?.publicKey,
  });
}
