import type { ReportBody } from '@kindred/protocol';
import type { Db } from '../../db/client';
import { reports } from '../../db/schema';
import { errors } from '../../lib/errors';
import { findUserById } from '../identity';

/** What reports need to read of conversations; the conversation core provides it. */
export interface ConversationReader {
  /** The one membership check: throws the same answer for "not yours" and "gone". */
  requireMember(id: string, userId: string): Promise<{ members: { userId: string }[] }>;
  findMessage(
    conversationId: string,
    messageId: string,
  ): Promise<{ senderId: string | null; content: string; sentAt: Date } | undefined>;
}

/**
 * The listening contract's reports. A reported message is copied so the evidence outlives the 24
 * hours.
 */
export function createReportsService(deps: { db: Db; conversations: ConversationReader }) {
  const { db, conversations } = deps;
  return {
    async submit(userId: string, body: ReportBody & { description: string }) {
      if (body.reported_user_id === userId) {
        throw errors.validation([
          { path: 'reported_user_id', message: 'You cannot report yourself' },
        ]);
      }
      const reported = await findUserById(db, body.reported_user_id);
      if (!reported) throw errors.notFound('User');
      let snapshot: { content: string; sentAt: Date } | undefined;
      if (body.message_id && !body.chat_session_id) {
        throw errors.validation([
          { path: 'chat_session_id', message: 'Say which chat the message was in' },
        ]);
      }
      if (body.chat_session_id) {
        const loaded = await conversations.requireMember(body.chat_session_id, userId);
        const ids = loaded.members.map((m) => m.userId);
        if (!ids.includes(body.reported_user_id)) {
          throw errors.validation([
            { path: 'reported_user_id', message: 'This person was not in that chat' },
          ]);
        }
        if (body.message_id) {
          const message = await conversations.findMessage(body.chat_session_id, body.message_id);
          if (!message) throw errors.notFound('Message');
          if (message.senderId !== body.reported_user_id) {
            throw errors.validation([
              { path: 'message_id', message: 'That message was not sent by the person reported' },
            ]);
          }
          snapshot = { content: message.content, sentAt: message.sentAt };
        }
      }
      const [row] = await db
        .insert(reports)
        .values({
          reporterId: userId,
          reportedUserId: body.reported_user_id,
          conversationId: body.chat_session_id ?? null,
          messageId: body.message_id ?? null,
          messageSnapshot: snapshot?.content ?? null,
          messageSentAt: snapshot?.sentAt ?? null,
          reason: body.reason,
          description: body.description,
        })
        .returning({ id: reports.id });
      return { message: 'Report submitted successfully', report_id: row!.id };
    },
  };
}
export type ReportsService = ReturnType<typeof createReportsService>;
