import {
  limits,
  type MessageContact,
  type MessageRequest,
  type MessageRequestsQuery,
  type RespondToRequestBody,
  type SendMessageRequestBody,
} from '@kindred/protocol';
import type { RateLimitRule } from '../../config';
import type { Db } from '../../db/client';
import type { EventBus } from '../../lib/events';
import type { MessageRequestRow, UserRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { uniqueViolation } from '../../lib/db-errors';
import { errors } from '../../lib/errors';
import type { RateLimiter } from '../../lib/rate-limit';
import type { Notifier } from '../../realtime/notifier';
import type { PresenceStore } from '../../realtime/presence';
import { blockedEitherWay } from '../safety';
import type { MessagesService } from '../conversations';
import { recordModerationEvent } from '../safety';
import { moderateMessage } from '../safety';
import { findUserById } from '../identity';
import { decodeCursor, encodeCursor } from './cursor';
import * as repo from './direct.repository';
import * as requestsRepo from './requests.repository';
import { blockedWith, REQUEST_WINDOW_MS, toDmUser } from './privacy';

export interface RequestsDeps {
  db: Db;
  clock: Clock;
  limiter: RateLimiter;
  requestRule: RateLimitRule;
  notifier: Notifier;
  presence: PresenceStore;
  messages: MessagesService;
  events: EventBus;
  listenerApproval: 'required' | 'off';
}

const CONTACTS_MAX = 100;

/**
 * The direct-messaging contract's message requests. Who may write to whom: people who had a
 * listening session together in the last 30 days, or a listener whose profile accepts requests
 * (approved, when approval is required). A block either way stops everything. Accepting opens the
 * pair's direct conversation with the request as its first message, sent by the requester through
 * the message pipeline.
 */
export function createRequestsService(deps: RequestsDeps) {
  const { db, clock, notifier } = deps;

  const since = () => new Date(clock.now().getTime() - REQUEST_WINDOW_MS);

  function acceptsRequests(receiver: UserRow): boolean {
    if (!receiver.allowMessageRequests || !receiver.roles.includes('listener')) return false;
    return deps.listenerApproval === 'off' || receiver.listenerStatus === 'approved';
  }

  /** Throws unless `senderId` may send `receiver` a request (blocks are checked first). */
  async function assertMayRequest(senderId: string, receiver: UserRow | undefined) {
    if (!receiver) throw errors.notFound('User');
    if (await blockedEitherWay(db, senderId, receiver.id)) throw errors.userBlocked();
    if (!receiver.isActive) throw errors.messageRequestNotAllowed();
    if (await repo.lastSessionSince(db, senderId, receiver.id, since())) return;
    if (!acceptsRequests(receiver)) throw errors.messageRequestNotAllowed();
  }

  async function existingConversation(a: string, b: string): Promise<string | undefined> {
    const key = repo.directKey(a, b);
    return (await repo.directConversationIds(db, [key])).get(key);
  }

  /** Requests as the API shows them, with both users by pseudonym. */
  async function present(rows: MessageRequestRow[], viewerId: string): Promise<MessageRequest[]> {
    const ids = [...new Set(rows.flatMap((r) => [r.senderId, r.receiverId]))];
    const [users, online, blocked] = await Promise.all([
      repo.findUsers(db, ids),
      deps.presence.status(ids),
      blockedWith(
        db,
        viewerId,
        ids.filter((id) => id !== viewerId),
      ),
    ]);
    const byId = new Map(users.map((u) => [u.id, u]));
    const user = (id: string) =>
      toDmUser(byId.get(id)!, online.get(id), { blocked: blocked.has(id) });
    return rows
      .filter((r) => byId.has(r.senderId) && byId.has(r.receiverId))
      .map((r) => ({
        id: r.id,
        sender: user(r.senderId),
        receiver: user(r.receiverId),
        preview_text: r.content,
        status: r.status,
        created_at: r.createdAt.toISOString(),
        responded_at: r.respondedAt?.toISOString() ?? null,
        conversation_id: r.conversationId,
      }));
  }

  /** Tells both users (every device) how a request was answered, each shaped for its viewer. */
  async function announceAnswer(row: MessageRequestRow) {
    for (const userId of [row.senderId, row.receiverId]) {
      const [shown] = await present([row], userId);
      if (shown) notifier.toUsers([userId], 'message_request_updated', shown);
    }
  }

  /**
   * Accepts a pending request: the pair's direct conversation (created or reused), whose first
   * message is the request's content from the requester. The request id is the message's
   * client_msg_id, so a retried accept never makes a second copy.
   */
  async function accept(row: MessageRequestRow) {
    if (await blockedEitherWay(db, row.senderId, row.receiverId)) throw errors.userBlocked();
    const answered = await requestsRepo.answerRequest(db, row.id, 'accepted', clock.now());
    if (!answered) throw errors.requestNotPending();
    try {
      const conversation = await repo.ensureDirectConversation(db, row.senderId, row.receiverId, {
        createdBy: row.receiverId,
        at: clock.now(),
      });
      // The receiver read this text as the request: it is no news to them.
      const sent = await deps.messages.sendMessage(
        row.senderId,
        { session_id: conversation.id, content: row.content, client_msg_id: row.id },
        { seenBy: [row.receiverId] },
      );
      const linked = await requestsRepo.linkRequest(db, row.id, {
        conversationId: conversation.id,
        messageId: sent.message.id,
      });
      await announceAnswer(linked ?? answered);
      await deps.events.publish(db, 'request.accepted', {
        requestId: row.id,
        conversationId: conversation.id,
        senderId: row.senderId,
        receiverId: row.receiverId,
      });
      return { conversationId: conversation.id, created: conversation.created };
    } catch (error) {
      // The first message could not be delivered (e.g. the requester's send limit): the request
      // stays pending, so that answering again later works.
      await requestsRepo.reopenRequest(db, row.id);
      throw error;
    }
  }

  return {
    async sendRequest(userId: string, body: SendMessageRequestBody) {
      if (body.receiver_id === userId) {
        throw errors.validation(
          [{ path: 'receiver_id', message: 'You cannot send a message request to yourself' }],
          'You cannot send a message request to yourself',
        );
      }
      if (body.content.length > limits.messageRequestMax) {
        throw errors.contentTooLong(limits.messageRequestMax);
      }
      const receiver = await findUserById(db, body.receiver_id);
      await assertMayRequest(userId, receiver);
      const pending = await requestsRepo.findPendingBetween(db, userId, body.receiver_id);
      if (pending) {
        throw errors.messageRequestExists(pending.id);
      }
      const conversationId = await existingConversation(userId, body.receiver_id);
      if (conversationId) {
        throw errors.directConversationExists(conversationId);
      }
      const verdict = moderateMessage(body.content);
      if (verdict.status === 'blocked') {
        await recordModerationEvent(db, { userId, status: 'blocked', rule: verdict.code });
        throw errors.messageBlocked(verdict.reason);
      }
      const limit = await deps.limiter.hit(`msg-request:${userId}`, deps.requestRule);
      if (!limit.allowed) throw errors.rateLimited(limit.retryAfterSeconds);

      let row: MessageRequestRow;
      try {
        row = await requestsRepo.insertRequest(db, {
          senderId: userId,
          receiverId: body.receiver_id,
          content: body.content,
          at: clock.now(),
        });
      } catch (error) {
        // Two requests between the same pair at once: the unique pending index lets one win.
        if (uniqueViolation(error) !== undefined) throw errors.messageRequestExists();
        throw error;
      }
      await deps.events.publish(db, 'request.sent', {
        requestId: row.id,
        senderId: userId,
        receiverId: body.receiver_id,
      });
      const [shown] = await present([row], body.receiver_id);
      if (shown) notifier.toUsers([body.receiver_id], 'message_request', shown);
      return {
        success: true as const,
        data: {
          request_id: row.id,
          message_id: null,
          message: 'Message request sent successfully',
          preview_text: row.content,
          status: row.status,
        },
      };
    },

    async listRequests(
      userId: string,
      query: Required<Omit<MessageRequestsQuery, 'cursor'>> & {
        cursor?: string;
      },
    ) {
      const after = decodeCursor(query.cursor);
      const rows = await requestsRepo.listRequests(db, {
        userId,
        type: query.type,
        status: query.status,
        after,
        limit: Number(query.limit) + 1,
      });
      const page = rows.slice(0, Number(query.limit));
      const last = page[page.length - 1];
      const hasMore = rows.length > page.length;
      return {
        success: true as const,
        data: { requests: await present(page, userId) },
        meta: {
          pagination: {
            cursor: hasMore && last ? encodeCursor({ at: last.position, id: last.id }) : null,
            hasMore,
          },
        },
      };
    },

    async respond(userId: string, requestId: string, body: RespondToRequestBody) {
      const row = await requestsRepo.findRequest(db, requestId);
      if (!row || (row.senderId !== userId && row.receiverId !== userId)) {
        throw errors.requestNotFound();
      }
      const mine = body.action === 'cancel' ? row.senderId : row.receiverId;
      if (mine !== userId) {
        throw errors.unauthorizedAction(
          body.action === 'cancel'
            ? 'Only the person who sent a request can cancel it'
            : 'Only the person who received a request can answer it',
        );
      }
      if (row.status !== 'pending') throw errors.requestNotPending();
      if (body.action === 'accept') {
        const { conversationId, created } = await accept(row);
        return {
          success: true as const,
          data: {
            message: 'Request accepted successfully',
            conversation_id: conversationId,
            match_created: created,
            match_id: conversationId,
          },
        };
      }
      const status = body.action === 'decline' ? 'declined' : 'cancelled';
      const answered = await requestsRepo.answerRequest(db, row.id, status, clock.now());
      if (!answered) throw errors.requestNotPending();
      await announceAnswer(answered);
      if (status === 'declined') {
        await deps.events.publish(db, 'request.declined', {
          requestId: row.id,
          senderId: row.senderId,
          receiverId: row.receiverId,
        });
      }
      return {
        success: true as const,
        data: {
          message:
            status === 'declined'
              ? 'Request declined successfully'
              : 'Request cancelled successfully',
        },
      };
    },

    /** Recent listening partners (30 days) one may write to, with what already exists. */
    async contacts(
      userId: string,
    ): Promise<{ success: true; data: { contacts: MessageContact[] } }> {
      const partners = await repo.listPastPartners(db, userId, since(), CONTACTS_MAX);
      const ids = partners.map((p) => p.partnerId);
      const [users, blocked, conversations, pending, online] = await Promise.all([
        repo.findUsers(db, ids),
        blockedWith(db, userId, ids),
        repo.directConversationIds(
          db,
          ids.map((id) => repo.directKey(userId, id)),
        ),
        requestsRepo.listPendingWith(db, userId, ids),
        deps.presence.status(ids),
      ]);
      const byId = new Map(users.map((u) => [u.id, u]));
      const contacts = partners.flatMap(({ partnerId, lastSessionAt }) => {
        const user = byId.get(partnerId);
        if (!user || !user.isActive || blocked.has(partnerId)) return [];
        const request = pending.find((r) => r.senderId === partnerId || r.receiverId === partnerId);
        return [
          {
            user: toDmUser(user, online.get(partnerId), { blocked: false }),
            last_session_at: lastSessionAt.toISOString(),
            conversation_id: conversations.get(repo.directKey(userId, partnerId)) ?? null,
            pending_request_id: request?.id ?? null,
          },
        ];
      });
      return { success: true, data: { contacts } };
    },

    /**
     * Sending to a user without a conversation yet: a reply to their pending request accepts it
     * (the direct-messaging contract: a reply auto-accepts); otherwise the request rules apply.
     */
    async openByReply(userId: string, receiverId: string): Promise<string> {
      const pending = await requestsRepo.findPendingBetween(db, userId, receiverId);
      if (pending && pending.receiverId === userId) {
        return (await accept(pending)).conversationId;
      }
      if (pending) {
        throw errors.unauthorizedAction(
          'Your message request has not been accepted yet; you can write once it is',
        );
      }
      await assertMayRequest(userId, await findUserById(db, receiverId));
      throw errors.unauthorizedAction(
        'Send a message request first; you can chat once it is accepted',
      );
    },

    /** A block cancels any pending request between the two (called by blocking). */
    async cancelBetween(a: string, b: string) {
      const rows = await requestsRepo.cancelPendingBetween(db, a, b, clock.now());
      for (const row of rows) await announceAnswer(row);
    },
  };
}
export type RequestsService = ReturnType<typeof createRequestsService>;
