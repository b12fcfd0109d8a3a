import type { FeedbackBody } from '@kindred/protocol';
import { avg, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { feedback, users } from '../../db/schema';
import { uniqueViolation } from '../../lib/db-errors';
import { errors } from '../../lib/errors';
import type { ConversationsApi } from '../conversations';
import { findUserById } from '../identity';

/**
 * The listening contract's feedback: after an ended chat, once per person, and the listener's
 * rating follows.
 */
export function createFeedbackService(deps: {
  db: Db;
  conversations: Pick<ConversationsApi, 'requireMember'>;
}) {
  const { db } = deps;
  return {
    async submit(userId: string, body: FeedbackBody) {
      const loaded = await deps.conversations.requireMember(body.chat_session_id, userId);
      if (loaded.conversation.status !== 'ended') {
        throw errors.sessionNotEnded();
      }
      const reviewee = loaded.members.find((m) => m.userId !== userId);
      const revieweeRow = reviewee && (await findUserById(db, reviewee.userId));
      if (!reviewee || !revieweeRow) throw errors.notFound('Chat partner');
      if (!revieweeRow.allowFeedback) {
        throw errors.feedbackNotAllowed();
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
          if (uniqueViolation(error) === 'feedback_once_per_session_key')
            throw errors.feedbackAlreadySubmitted();
          throw error;
        });
      return { message: 'Feedback submitted successfully', feedback_id: row.id };
    },
  };
}
export type FeedbackService = ReturnType<typeof createFeedbackService>;
