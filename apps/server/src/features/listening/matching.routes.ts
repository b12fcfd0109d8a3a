import {
  findListenersBodySchema,
  findListenersResponseSchema,
  matchPreferencesBodySchema,
  matchPreferencesSchema,
  requestChatBodySchema,
  requestChatResponseSchema,
} from '@kindred/protocol';
import { route, routeGroup } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { SessionsService } from './sessions.service';
import type { MatchingService } from './matching.service';

const matchingRoute = routeGroup(['matching']);

/** The listening contract's "Matching Endpoints", under /api/v1/match. */
export const matchingRoutes = signedIn<{ matching: MatchingService; sessions: SessionsService }>(
  async (app, { matching, sessions }) => {
    const me = (request: Parameters<typeof currentUser>[0]) => currentUser(request).userId;
    app.post(
      '/find-listeners',
      matchingRoute({ body: findListenersBodySchema }, findListenersResponseSchema),
      async (request) => matching.findListeners(me(request), request.body),
    );

    app.get('/preferences', matchingRoute({}, matchPreferencesSchema), async (request) =>
      matching.getPreferences(me(request)),
    );

    app.put(
      '/preferences',
      matchingRoute({ body: matchPreferencesBodySchema }, matchPreferencesSchema),
      async (request) => matching.putPreferences(me(request), request.body),
    );

    app.post(
      '/request-chat',
      route(
        { tags: ['matching'], body: requestChatBodySchema, errors: [409] },
        requestChatResponseSchema,
        201,
      ),
      async (request, reply) =>
        reply.status(201).send(await sessions.requestChat(me(request), request.body)),
    );
  },
);
