import {
  activeSessionSchema,
  endSessionResponseSchema,
  errorBodySchema,
  sessionParamsSchema,
} from '@kindred/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '../../plugins/auth';
import type { SessionsService } from './sessions.service';

/** Seed 000 "Chat Endpoints" for sessions, under /api/v1/chat/sessions. */
export const sessionsRoutes: FastifyPluginAsyncZod<{ sessions: SessionsService }> = async (
  app,
  { sessions },
) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/active',
    { schema: { tags: ['chat'], response: { 200: activeSessionSchema, 401: errorBodySchema } } },
    async (request) => sessions.activeSession(currentUser(request).userId),
  );

  app.post(
    '/:sessionId/end',
    {
      schema: {
        tags: ['chat'],
        params: sessionParamsSchema,
        response: {
          200: endSessionResponseSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request) => sessions.endSession(currentUser(request).userId, request.params.sessionId),
  );
};
