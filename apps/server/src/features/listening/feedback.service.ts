import type { FeedbackBody } from '@kindred/protocol';
import { avg, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { feedback, users } from '../../db/schema';
import { uniqueViolation } from '../../lib/db-errors';
import { AppError, errors } from '../../lib/errors';
import { loadConversation } from '../conversations/conversations.repository';
import { findUserById } from '../identity/users.repository';

const alreadySubmitted = () =>
  new AppError(400, 'FEEDBACK_ALREADY_SUBMITTED', 'You have already given feedback for this chat');

/** Seed 000 feedback: after an ended chat, once per person, and the listener's rating follows. */
export function createFeedbackService(deps: { db: Db }) {
  const { db } = deps;
  return {
    async submit(userId: string, body: FeedbackBody) {
      const loaded = await loadConversation(db, body.chat_session_id);
      if (!loaded) throw errors.notFound('Session');
      if (!loaded.members.some((m) => m.userId === userId)) {
        throw new AppError(403, 'NOT_A_MEMBER', 'You are not a participant in this session');
      }
      if (loaded.conversation.status !== 'ended') {
        throw new AppError(
          400,
          'SESSION_NOT_ENDED',
          'Feedback can be given once the chat has ended',
        );
      }
      const reviewee = loaded.members.find((m) => m.userId !== userId);
      const revieweeRow = reviewee && (await findUserById(db, reviewee.userId));
      if (!reviewee || !revieweeRow) throw errors.notFound('Chat partner');
      if (!revieweeRow.allowFeedback) {
        throw new AppError(
          403,
          'FEEDBACK_NOT_ALLOWED',
          'Your chat partner has chosen not to receive feedback',
        );
      }
      const row = await db
        .transaction(async (tx) => {
          const [inserted] = await tx
            .insert(feedback)
            .values({
              conversationId: body.chat_session_id,
              reviewerId: userId,
              revieweeId: reviewee.userId,
              rating: body.rating,
              helpfulness: body.helpfulness ?? null,
              empathy: body.empathy ?? null,
              safety: body.safety ?? null,
              comment: body.comment || null,
            })
            .returning({ id: feedback.id });
          if (reviewee.role === 'listener') {
            // The rating is the average of all the feedback the listener has received.
            const [mean] = await tx
              .select({ value: avg(feedback.rating) })
              .from(feedback)
              .where(eq(feedback.revieweeId, reviewee.userId));
            await tx
              .update(users)
              .set({ listenerRating: mean?.value === null ? null : Number(mean?.value) })
              .where(eq(users.id, reviewee.userId));
          }
          return inserted!;
        })
        .catch((error: unknown) => {
          if (uniqueViolation(error) === 'feedback_once_per_session_key') throw alreadySubmitted();
          throw error;
        });
      return { message: 'Feedback submitted successfully', feedback_id: row.id };
    },
  };
}
export type FeedbackService = ReturnType<typeof createFeedbackService>;
