import {
  findListenersBodySchema,
  findListenersResponseSchema,
  matchPreferencesBodySchema,
  matchPreferencesSchema,
  requestChatBodySchema,
  requestChatResponseSchema,
} from '@kindred/protocol';
import { errorResponses, errorsFor } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { SessionsService } from './sessions.service';
import type { MatchingService } from './matching.service';

/** The listening contract's "Matching Endpoints", under /api/v1/match. */
export const matchingRoutes = signedIn<{ matching: MatchingService; sessions: SessionsService }>(
  async (app, { matching, sessions }) => {
    app.post(
      '/find-listeners',
      {
        schema: {
          tags: ['matching'],
          body: findListenersBodySchema,
          response: { 200: findListenersResponseSchema, ...errorResponses },
        },
      },
      async (request) => matching.findListeners(currentUser(request).userId, request.body),
    );

    app.get(
      '/preferences',
      {
        schema: {
          tags: ['matching'],
          response: { 200: matchPreferencesSchema, ...errorResponses },
        },
      },
      async (request) => matching.getPreferences(currentUser(request).userId),
    );

    app.put(
      '/preferences',
      {
        schema: {
          tags: ['matching'],
          body: matchPreferencesBodySchema,
          response: { 200: matchPreferencesSchema, ...errorResponses },
        },
      },
      async (request) => matching.putPreferences(currentUser(request).userId, request.body),
    );

    app.post(
      '/request-chat',
      {
        schema: {
          tags: ['matching'],
          body: requestChatBodySchema,
          response: { 201: requestChatResponseSchema, ...errorsFor(409), ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await sessions.requestChat(currentUser(request).userId, request.body)),
    );
  },
);
