import {
  type ChatMessage,
  type ConversationSummary,
  type DirectMessage,
  directMessageTypes,
  type MuteBody,
  type SendDirectMessageBody,
  type UserReportBody,
} from '@kindred/protocol';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { MemberRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { AppError, errors } from '../../lib/errors';
import type { Notifier } from '../../realtime/notifier';
import type { PresenceStore } from '../../realtime/presence';
import { findAttachments } from '../attachments';
import type { ConversationsApi, MessagesService } from '../conversations';
import type { ReportsService } from '../safety';
import { decodeCursor, encodeCursor } from './cursor';
import * as repo from './direct.repository';
import * as requestsRepo from './requests.repository';
import { blocksAround, pairPrivacy, toDmUser } from './privacy';
import type { RequestsService } from './requests.service';

export interface DirectDeps {
  db: Db;
  clock: Clock;
  presence: PresenceStore;
  notifier: Notifier;
  messages: MessagesService;
  conversations: Pick<ConversationsApi, 'findMember' | 'requireMember'>;
  requests: RequestsService;
  reports: ReportsService;
}

/** "Always" is a mute that never ends; stored as a far-future moment so it stays a timestamp. */
const FOREVER = new Date('9999-12-31T23:59:59.000Z');
const MUTE_MS = { '8h': 8 * 3600 * 1000, '1w': 7 * 24 * 3600 * 1000 } as const;

/**
 * The direct-messaging contract's reasons, stored as the listening contract's (the reports table
 * and admin queue know those).
 */
const REPORT_REASONS = {
  fake_profile: 'other',
  inappropriate_behavior: 'inappropriate',
  harassment: 'harassment',
  inappropriate: 'inappropriate',
  spam: 'spam',
  safety_concern: 'safety_concern',
  other: 'other',
} as const;
const REASON_LABELS: Partial<Record<UserReportBody['reason'], string>> = {
  fake_profile: 'Fake profile',
  inappropriate_behavior: 'Inappropriate behaviour',
};

/**
 * Direct conversations (the direct-messaging contract with the user-chat contract's controls): the
 * inbox, history in the direct-messaging contract's shape, sending through the one pipeline, read
 * markers, and each member's own mute, clear and archive.
 */
export function createDirectService(deps: DirectDeps) {
  const { db, clock, messages } = deps;

  const memberOf = (conversationId: string, userId: string) =>
    deps.conversations.requireMember(conversationId, userId);

  function settings(member: MemberRow, message: string) {
    return {
      success: true as const,
      data: {
        message,
        muted_until: member.mutedUntil?.toISOString() ?? null,
        archived: member.archivedAt !== null,
        cleared_before_seq: member.clearedBeforeSeq,
      },
    };
  }

  async function changeSettings(
    userId: string,
    conversationId: string,
    set: Parameters<typeof repo.updateMember>[3],
    message: string,
  ) {
    await memberOf(conversationId, userId);
    const member = await repo.updateMember(db, conversationId, userId, set);
    if (!member) throw errors.conversationNotFound();
    const answer = settings(member, message);
    const { message: _, ...state } = answer.data;
    deps.notifier.toUsers([userId], 'conversation_settings', {
      conversation_id: conversationId,
      ...state,
    });
    return answer;
  }

  return {
    async list(
      userId: string,
      query: { limit: number; cursor?: string; type: 'active' | 'archived' },
    ) {
      const after = decodeCursor(query.cursor);
      const rows = await repo.listInbox(db, {
        userId,
        archived: query.type === 'archived',
        after,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const partnerIds = [...new Set(page.map((r) => r.partnerId))];
      const [users, blocks, online] = await Promise.all([
        repo.findUsers(db, [userId, ...partnerIds]),
        blocksAround(db, userId, partnerIds),
        deps.presence.status(partnerIds),
      ]);
      const byId = new Map(users.map((u) => [u.id, u]));
      const myReceipts = byId.get(userId)?.readReceipts ?? true;
      const conversations: ConversationSummary[] = page.flatMap((row) => {
        const partner = byId.get(row.partnerId);
        if (!partner) return [];
        const receiptsShared = myReceipts && partner.readReceipts;
        const last = row.last;
        const readBy = last?.senderId === userId ? row.partnerLastRead : row.myLastRead;
        return [
          {
            id: row.id,
            kind: row.kind,
            user: toDmUser(partner, online.get(partner.id), {
              blocked: blocks.either.has(partner.id),
            }),
            last_message: last
              ? {
                  id: last.id,
                  content: last.hidden ? '' : last.content,
                  kind: last.kind,
                  sender_id: last.senderId,
                  created_at: last.sentAt.toISOString(),
                  is_read: receiptsShared ? readBy >= last.seq : null,
                }
              : null,
            unread_count: row.unread,
            last_activity: row.activity,
            muted_until: row.mutedUntil?.toISOString() ?? null,
            archived: row.archivedAt !== null,
            blocked: blocks.either.has(partner.id),
            blocked_by_me: blocks.byViewer.has(partner.id),
          },
        ];
      });
      const lastRow = page[page.length - 1];
      const hasMore = rows.length > page.length;
      return {
        success: true as const,
        data: { conversations },
        meta: {
          pagination: {
            cursor:
              hasMore && lastRow ? encodeCursor({ at: lastRow.position, id: lastRow.id }) : null,
            hasMore,
          },
        },
      };
    },

    /**
     * The direct-messaging contract's history: a page of older messages (oldest first), from a
     * message-id cursor.
     */
    async history(
      userId: string,
      conversationId: string,
      query: { limit: number; cursor?: string },
    ) {
      const loaded = await memberOf(conversationId, userId);
      if (query.cursor !== undefined && !z.uuid().safeParse(query.cursor).success) {
        throw errors.validation(
          [{ path: 'cursor', message: 'cursor is not valid' }],
          'cursor is not valid',
        );
      }
      const page = await messages
        .history(userId, { session_id: conversationId, limit: query.limit, before: query.cursor })
        .catch((error: unknown) => {
          if (error instanceof AppError && error.status === 404) {
            throw errors.validation(
              [{ path: 'cursor', message: 'cursor is not valid' }],
              'cursor is not valid',
            );
          }
          throw error;
        });
      const memberIds = loaded.members.map((m) => m.userId);
      const partner = loaded.members.find((m) => m.userId !== userId);
      const [privacy, requests] = await Promise.all([
        pairPrivacy(db, memberIds),
        requestsRepo.requestsByMessage(
          db,
          page.messages.map((m) => m.id),
        ),
      ]);
      const toDirect = (m: ChatMessage): DirectMessage => {
        const request = requests.get(m.id);
        const receiver = loaded.members.find((x) => x.userId !== m.sender_id);
        const readSeq = receiver?.lastReadSeq ?? 0;
        return {
          ...m,
          receiver_id: loaded.members.length === 2 ? (receiver?.userId ?? null) : null,
          message_type: m.kind,
          is_request: request !== undefined,
          request_status: request?.status ?? null,
          is_read: privacy.receiptsShared && partner ? readSeq >= m.seq : null,
          read_at: privacy.receiptsShared && partner ? (m.read_at ?? null) : null,
          created_at: m.sent_at,
        };
      };
      const oldest = page.messages[0];
      return {
        success: true as const,
        data: { messages: page.messages.map(toDirect) },
        meta: {
          pagination: {
            cursor: page.has_more && oldest ? oldest.id : null,
            hasMore: page.has_more,
          },
        },
      };
    },

    /**
     * The direct-messaging contract's send: into a conversation, or to a user's direct
     * conversation. To a user without one, a reply to their pending request accepts it; otherwise a
     * request comes first.
     */
    async send(
      userId: string,
      body: SendDirectMessageBody & { content: string; message_type: string },
    ) {
      const type = body.message_type as (typeof directMessageTypes)[number];
      if (!directMessageTypes.includes(type)) {
        throw errors.invalidMessageType(
          `message_type must be one of ${directMessageTypes.join(', ')}`,
        );
      }
      if (type !== 'text' && !body.attachment_id) {
        throw errors.validation(
          [{ path: 'attachment_id', message: `A ${type} message needs an uploaded attachment_id` }],
          `A ${type} message needs an uploaded attachment_id`,
        );
      }
      if (type === 'text' && body.attachment_id) {
        throw errors.invalidMessageType(
          'A message with an attachment has type image, file or voice',
        );
      }
      if (type === 'text' && body.content === '') {
        throw errors.validation(
          [{ path: 'content', message: 'Write a message first' }],
          'Write a message first',
        );
      }
      if (body.attachment_id) {
        // The kind comes from the uploaded file; a different message_type is a contradiction.
        const file = (await findAttachments(db, [body.attachment_id])).get(body.attachment_id);
        if (file && file.kind !== type) {
          throw errors.invalidMessageType(`This attachment is a ${file.kind}, not a ${type}`);
        }
      }
      let conversationId = body.conversation_id;
      if (conversationId) {
        const loaded = await memberOf(conversationId, userId);
        if (body.receiver_id && !loaded.members.some((m) => m.userId === body.receiver_id)) {
          throw errors.validation(
            [{ path: 'receiver_id', message: 'receiver_id is not in this conversation' }],
            'receiver_id is not in this conversation',
          );
        }
      } else {
        const receiverId = body.receiver_id!;
        if (receiverId === userId) {
          throw errors.validation(
            [{ path: 'receiver_id', message: 'You cannot message yourself' }],
            'You cannot message yourself',
          );
        }
        const existing = await repo.directConversationIds(db, [repo.directKey(userId, receiverId)]);
        conversationId =
          existing.get(repo.directKey(userId, receiverId)) ??
          (await deps.requests.openByReply(userId, receiverId));
      }
      // Attachments ride along when given; the pipeline checks the upload belongs here.
      const input = {
        session_id: conversationId,
        content: body.content,
        client_msg_id: body.client_msg_id,
        ...(body.attachment_id ? { attachment_id: body.attachment_id } : {}),
      };
      const result = await messages.sendMessage(userId, input);
      return {
        success: true as const,
        data: {
          message_id: result.message.id,
          conversation_id: conversationId,
          message: 'Message sent successfully',
          created_at: result.message.sent_at,
          chat_message: result.message,
          ...(result.crisis_support ? { crisis_support: result.crisis_support } : {}),
        },
      };
    },

    /** Marks everything up to this message read; the partner hears of it if receipts are on. */
    async markRead(userId: string, messageId: string) {
      const message = await repo.findMessageById(db, messageId);
      const now = clock.now();
      if (!message || (message.expiresAt && message.expiresAt <= now)) {
        throw errors.messageNotFound();
      }
      // The one membership check; what this path addresses is a message, so that is not found.
      if (!(await deps.conversations.findMember(message.conversationId, userId))) {
        throw errors.messageNotFound();
      }
      await messages.markRead(userId, { session_id: message.conversationId, seq: message.seq });
      return {
        success: true as const,
        data: { message: 'Message marked as read', read_at: now.toISOString() },
      };
    },

    mute(userId: string, conversationId: string, body: MuteBody) {
      const until =
        body.duration === 'always'
          ? FOREVER
          : new Date(clock.now().getTime() + MUTE_MS[body.duration]);
      return changeSettings(userId, conversationId, { mutedUntil: until }, 'Conversation muted');
    },
    unmute(userId: string, conversationId: string) {
      return changeSettings(userId, conversationId, { mutedUntil: null }, 'Conversation unmuted');
    },
    /** Hides everything so far from this member only; the partner still sees it all. */
    clear(userId: string, conversationId: string) {
      return changeSettings(userId, conversationId, { clearToLastSeq: true }, 'Chat cleared');
    },
    archive(userId: string, conversationId: string) {
      return changeSettings(
        userId,
        conversationId,
        { archivedAt: clock.now() },
        'Conversation archived',
      );
    },
    unarchive(userId: string, conversationId: string) {
      return changeSettings(
        userId,
        conversationId,
        { archivedAt: null },
        'Conversation unarchived',
      );
    },

    /**
     * The direct-messaging contract's report, stored as a listening-contract report (reasons
     * mapped, label kept in the text).
     */
    async report(userId: string, reportedId: string, body: UserReportBody) {
      const label = REASON_LABELS[body.reason];
      const text = [label, body.description].filter(Boolean).join(': ');
      const result = await deps.reports.submit(userId, {
        reported_user_id: reportedId,
        reason: REPORT_REASONS[body.reason],
        description: text || 'No description given',
        chat_session_id: body.conversation_id,
        message_id: body.message_id,
      });
      return {
        success: true as const,
        data: { message: result.message, report_id: result.report_id },
      };
    },
  };
}
export type DirectService = ReturnType<typeof createDirectService>;
