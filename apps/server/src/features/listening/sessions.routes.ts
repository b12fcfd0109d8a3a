import {
  activeSessionSchema,
  declineChatResponseSchema,
  endSessionResponseSchema,
  sessionParamsSchema,
} from '@kindred/protocol';
import type { ZodType } from 'zod';
import { errorsFor } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { SessionsService } from './sessions.service';

/** A route about one session: `ok` on success, else the error body of each of `errors`. */
const aboutSession = <R extends ZodType, E extends object>(ok: R, errors: E) => ({
  schema: { tags: ['chat'], params: sessionParamsSchema, response: { 200: ok, ...errors } },
});

/** The listening contract's "Chat Endpoints" for sessions, under /api/v1/chat/sessions. */
export const sessionsRoutes = signedIn<{ sessions: SessionsService }>(async (app, { sessions }) => {
  app.get(
    '/active',
    { schema: { tags: ['chat'], response: { 200: activeSessionSchema, ...errorsFor(401) } } },
    async (request) => sessions.activeSession(currentUser(request).userId),
  );

  app.post(
    '/:sessionId/end',
    aboutSession(endSessionResponseSchema, errorsFor(400, 401, 403, 404)),
    async (request) => sessions.endSession(currentUser(request).userId, request.params.sessionId),
  );

  app.post(
    '/:sessionId/decline',
    aboutSession(declineChatResponseSchema, errorsFor(401, 403, 404, 409)),
    async (request) => sessions.notNow(currentUser(request).userId, request.params.sessionId),
  );
});
