import { errorBodySchema, feedbackBodySchema, feedbackResponseSchema } from '@kindred/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '../../plugins/auth';
import type { FeedbackService } from './feedback.service';

/** POST /api/v1/feedback (seed 000). */
export const feedbackRoutes: FastifyPluginAsyncZod<{ feedback: FeedbackService }> = async (
  app,
  { feedback },
) => {
  app.addHook('onRequest', app.authenticate);
  app.post(
    '/feedback',
    {
      schema: {
        tags: ['feedback'],
        body: feedbackBodySchema,
        response: {
          201: feedbackResponseSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await feedback.submit(currentUser(request).userId, request.body)),
  );
};
