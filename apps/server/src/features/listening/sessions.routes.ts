import {
  activeSessionSchema,
  declineChatResponseSchema,
  endSessionResponseSchema,
  sessionParamsSchema,
} from '@kindred/protocol';
import { errorsFor } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { SessionsService } from './sessions.service';

/** The listening contract's "Chat Endpoints" for sessions, under /api/v1/chat/sessions. */
export const sessionsRoutes = signedIn<{ sessions: SessionsService }>(async (app, { sessions }) => {
  app.get(
    '/active',
    { schema: { tags: ['chat'], response: { 200: activeSessionSchema, ...errorsFor(401) } } },
    async (request) => sessions.activeSession(currentUser(request).userId),
  );

  app.post(
    '/:sessionId/end',
    {
      schema: {
        tags: ['chat'],
        params: sessionParamsSchema,
        response: { 200: endSessionResponseSchema, ...errorsFor(400, 401, 403, 404) },
      },
    },
    async (request) => sessions.endSession(currentUser(request).userId, request.params.sessionId),
  );

  app.post(
    '/:sessionId/decline',
    {
      schema: {
        tags: ['chat'],
        params: sessionParamsSchema,
        response: { 200: declineChatResponseSchema, ...errorsFor(401, 403, 404, 409) },
      },
    },
    async (request) => sessions.notNow(currentUser(request).userId, request.params.sessionId),
  );
});
