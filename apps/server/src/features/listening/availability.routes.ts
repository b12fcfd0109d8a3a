import { availabilityBodySchema, availabilityResponseSchema } from '@kindred/protocol';
import { errorResponses, errorsFor } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { SessionsService } from './sessions.service';

/** PATCH /api/v1/users/me/availability: a listener says whether they can take a chat. */
export const availabilityRoutes = signedIn<{ sessions: SessionsService }>(
  async (app, { sessions }) => {
    app.patch(
      '/me/availability',
      {
        schema: {
          tags: ['users'],
          body: availabilityBodySchema,
          response: { 200: availabilityResponseSchema, ...errorsFor(409), ...errorResponses },
        },
      },
      async (request) =>
        sessions.setAvailability(currentUser(request).userId, request.body.availability),
    );
  },
);
