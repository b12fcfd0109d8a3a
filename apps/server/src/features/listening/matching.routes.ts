import {
  findListenersBodySchema,
  findListenersResponseSchema,
  matchPreferencesBodySchema,
  matchPreferencesSchema,
  requestChatBodySchema,
  requestChatResponseSchema,
} from '@kindred/protocol';
import { route } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { SessionsService } from './sessions.service';
import type { MatchingService } from './matching.service';

/** The listening contract's "Matching Endpoints", under /api/v1/match. */
export const matchingRoutes = signedIn<{ matching: MatchingService; sessions: SessionsService }>(
  async (app, { matching, sessions }) => {
    app.post(
      '/find-listeners',
      route({ tags: ['matching'], body: findListenersBodySchema }, findListenersResponseSchema),
      async (request) => matching.findListeners(currentUser(request).userId, request.body),
    );

    app.get(
      '/preferences',
      route({ tags: ['matching'] }, matchPreferencesSchema),
      async (request) => matching.getPreferences(currentUser(request).userId),
    );

    app.put(
      '/preferences',
      route({ tags: ['matching'], body: matchPreferencesBodySchema }, matchPreferencesSchema),
      async (request) => matching.putPreferences(currentUser(request).userId, request.body),
    );

    app.post(
      '/request-chat',
      route(
        { tags: ['matching'], body: requestChatBodySchema, errors: [409] },
        requestChatResponseSchema,
        201,
      ),
      async (request, reply) =>
        reply
          .status(201)
          .send(await sessions.requestChat(currentUser(request).userId, request.body)),
    );
  },
);
