import {
  availabilityBodySchema,
  availabilityResponseSchema,
  errorBodySchema,
} from '@kindred/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../lib/error-responses';
import { currentUser } from '../../plugins/auth';
import type { SessionsService } from './sessions.service';

/** PATCH /api/v1/users/me/availability: a listener says whether they can take a chat. */
export const availabilityRoutes: FastifyPluginAsyncZod<{ sessions: SessionsService }> = async (
  app,
  { sessions },
) => {
  app.addHook('onRequest', app.authenticate);
  app.patch(
    '/me/availability',
    {
      schema: {
        tags: ['users'],
        body: availabilityBodySchema,
        response: { 200: availabilityResponseSchema, 409: errorBodySchema, ...errorResponses },
      },
    },
    async (request) =>
      sessions.setAvailability(currentUser(request).userId, request.body.availability),
  );
};
