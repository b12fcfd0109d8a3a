import { availabilityBodySchema, availabilityResponseSchema } from '@kindred/protocol';
import { route } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { SessionsService } from './sessions.service';

/** PATCH /api/v1/users/me/availability: a listener says whether they can take a chat. */
export const availabilityRoutes = signedIn<{ sessions: SessionsService }>(
  async (app, { sessions }) => {
    app.patch(
      '/me/availability',
      route(
        { tags: ['users'], body: availabilityBodySchema, errors: [409] },
        availabilityResponseSchema,
      ),
      async (request) =>
        sessions.setAvailability(currentUser(request).userId, request.body.availability),
    );
  },
);
