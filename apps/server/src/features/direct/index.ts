import { apiPrefix } from '@kindred/protocol';
import type { Executor } from '../../db/client';
import type { App, ModuleContext } from '../../lib/module';
import type { ConversationsApi } from '../conversations';
import type { ReportsService } from '../safety';
import { createDirectService } from './conversations.service';
import { lastSessionSince, rememberPartners } from './direct.repository';
import { directPolicy } from './policy';
import { REQUEST_WINDOW_MS } from './privacy';
import { createRequestsService } from './requests.service';
import { directRoutes } from './routes';

/**
 * Whether the two had a listening session in the last 30 days: who may send whom a message
 * request, and (the same rule) book a session with a listener who takes bookings from partners.
 */
export async function metRecently(db: Executor, a: string, b: string, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - REQUEST_WINDOW_MS);
  return (await lastSessionSince(db, a, b, since)) !== undefined;
}

/**
 * Direct messages: requests between people who met, the inbox, and direct conversations with
 * each member's own mute, clear and archive.
 */
export async function register(
  app: App,
  ctx: ModuleContext,
  deps: { conversations: ConversationsApi; reports: ReportsService },
) {
  const { db, clock, events } = ctx;
  const requests = createRequestsService({
    db,
    clock,
    limiter: ctx.limiter,
    requestRule: ctx.config.rateLimits.messageRequests,
    notifier: ctx.notifier,
    presence: ctx.presence,
    messages: deps.conversations.messages,
    events,
    listenerApproval: ctx.config.listenerApproval,
  });
  const direct = createDirectService({
    db,
    clock,
    presence: ctx.presence,
    notifier: ctx.notifier,
    messages: deps.conversations.messages,
    conversations: deps.conversations,
    requests,
    reports: deps.reports,
  });
  deps.conversations.registerPolicy(directPolicy(db));

  // Who may write to whom: the pair is remembered with the chat, in its transaction.
  events.within('chat.started', (tx, e) =>
    rememberPartners(tx, e.sharerId, e.listenerId, e.startedAt),
  );
  // A block cancels any pending request between the two (both are told).
  events.on('user.blocked', (e) => requests.cancelBetween(e.blockerId, e.blockedId));

  await app.register(directRoutes, { prefix: apiPrefix, direct, requests });
}
