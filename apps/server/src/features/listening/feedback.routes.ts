import { feedbackBodySchema, feedbackResponseSchema } from '@kindred/protocol';
import { errorsFor } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { FeedbackService } from './feedback.service';

/** POST /api/v1/feedback (the listening contract). */
export const feedbackRoutes = signedIn<{ feedback: FeedbackService }>(async (app, { feedback }) => {
  app.post(
    '/feedback',
    {
      schema: {
        tags: ['feedback'],
        body: feedbackBodySchema,
        response: { 201: feedbackResponseSchema, ...errorsFor(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await feedback.submit(currentUser(request).userId, request.body)),
  );
});
