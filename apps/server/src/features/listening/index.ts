import { apiPrefix, statusChangeSchema } from '@kindred/protocol';
import type { App, ModuleContext } from '../../lib/module';
import { emptyPayloadSchema } from '../../realtime/gateway';
import { LISTENER_WATCHERS_ROOM } from '../../realtime/notifier';
import type { ConversationsApi } from '../conversations';
import { availabilityRoutes } from './availability.routes';
import { feedbackRoutes } from './feedback.routes';
import { createFeedbackService } from './feedback.service';
import { adminListenersRoutes, listenersRoutes } from './listeners.routes';
import { createListenersService } from './listeners.service';
import { matchingRoutes } from './matching.routes';
import { createMatchingService } from './matching.service';
import { listeningPolicy } from './policy';
import { sessionsRoutes } from './sessions.routes';
import { talkNowRoutes } from './talk-now.routes';
import { createTalkNowService, type TalkNowService } from './talk-now.service';
import { createSessionsService } from './sessions.service';

/**
 * Listening: listener availability and approval, matching, listening chats and their feedback.
 * Ends a person's chats when they are blocked, banned or suspended (subscribers below).
 */
export async function register(
  app: App,
  ctx: ModuleContext,
  deps: { conversations: ConversationsApi },
) {
  const { db, clock, config, events } = ctx;
  const listenerApproval = config.listenerApproval;
  const matching = createMatchingService({ db, clock, random: ctx.random, listenerApproval });
  // Talk-now is built on sessions and sessions tell it when a listener is free or accepted.
  const talkNowRef: { current?: TalkNowService } = {};
  const sessions = createSessionsService({
    db,
    clock,
    notifier: ctx.notifier,
    presence: ctx.presence,
    matching,
    events,
    conversations: deps.conversations,
    listenerApproval,
    requestTimeoutMs: config.chatRequestTimeoutMs,
    listenerFree: async () => talkNowRef.current?.dispatch(),
    listenerJoined: async (id, userId) => talkNowRef.current?.accepted(id, userId),
  });
  const talkNow = createTalkNowService({
    db,
    clock,
    notifier: ctx.notifier,
    presence: ctx.presence,
    events,
    matching,
    sessions,
    requestTimeoutMs: config.chatRequestTimeoutMs,
    awayMs: config.waitingListAwayMs,
  });
  talkNowRef.current = talkNow;
  const feedback = createFeedbackService({ db, conversations: deps.conversations });
  const listeners = createListenersService({
    db,
    clock,
    notifier: ctx.notifier,
    events,
    listenerApproval,
  });
  deps.conversations.registerPolicy(listeningPolicy(sessions));

  // After commit, not inside the publisher's transaction: closing a chat tells its members and
  // frees the listener, which must not happen for a block, ban or suspension that rolled back.
  events.on('user.blocked', (e) => sessions.endSharedChats(e.blockerId, e.blockedId));
  events.on('user.banned', async (e) => void (await sessions.endAllChatsOf(e.userId)));
  events.on('chat.ended', (e) => talkNow.chatEnded(e));
  events.on('listener.suspended', async (e) => {
    await sessions.endAllChatsOf(e.userId, { asListener: true });
  });

  const { realtime } = ctx;
  realtime.handle('status_change', statusChangeSchema, (c, p) =>
    sessions.setAvailability(c.userId, p.availability),
  );
  realtime.handle('watch_listeners', emptyPayloadSchema, async ({ socket }) => {
    await socket.join(LISTENER_WATCHERS_ROOM);
    return {};
  });
  realtime.handle('unwatch_listeners', emptyPayloadSchema, async ({ socket }) => {
    await socket.leave(LISTENER_WATCHERS_ROOM);
    return {};
  });
  realtime.onOnline(async (userId) => {
    await talkNow.sharerPresence(userId, true);
    await sessions.socketConnected(userId);
  });
  realtime.onOffline(async (userId) => {
    await sessions.socketsGone(userId);
    await talkNow.sharerPresence(userId, false);
  });

  // Every node checks; closing a chat only succeeds while it is still active, so they never clash.
  ctx.jobs.every({
    name: 'stale-listening-check',
    everyMs: config.staleCheckIntervalMs,
    scope: 'every-node',
    run: async () => ({
      ...(await sessions.releaseStale()),
      sharersAway: await talkNow.releaseAway(),
    }),
  });

  await app.register(availabilityRoutes, { prefix: `${apiPrefix}/users`, sessions });
  await app.register(matchingRoutes, { prefix: `${apiPrefix}/match`, matching, sessions });
  await app.register(talkNowRoutes, { prefix: `${apiPrefix}/match`, talkNow });
  await app.register(sessionsRoutes, { prefix: `${apiPrefix}/chat/sessions`, sessions });
  await app.register(feedbackRoutes, { prefix: apiPrefix, feedback });
  await app.register(listenersRoutes, { prefix: `${apiPrefix}/listeners`, listeners });
  await app.register(adminListenersRoutes, { prefix: `${apiPrefix}/admin/listeners`, listeners });
}
