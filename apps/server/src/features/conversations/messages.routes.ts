import {
  historyParamsSchema,
  historyQuerySchema,
  historyResponseSchema,
  postMessageBodySchema,
  postMessageResponseSchema,
} from '@kindred/protocol';
import { route } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { MessagesService } from './messages.service';

/**
 * Message history and sending over HTTP. The listening contract names the path /chat/sessions/:id,
 * the direct-messaging contract /conversations/:id: a session id is a conversation id, so both
 * paths take the same POST. The direct-messaging contract's history (GET
 * /conversations/:id/messages) has its own shape, in features/direct.
 */
export const messagesRoutes = signedIn<{ messages: MessagesService }>(async (app, { messages }) => {
  app.get(
    '/chat/sessions/:sessionId/messages',
    route(
      {
        tags: ['chat'],
        params: historyParamsSchema,
        querystring: historyQuerySchema,
        errors: [404],
      },
      historyResponseSchema,
    ),
    async (request) =>
      messages.history(currentUser(request).userId, {
        session_id: request.params.sessionId,
        limit: request.query.limit,
        before: request.query.before,
      }),
  );

  for (const base of ['/chat/sessions/:sessionId/messages', '/conversations/:sessionId/messages']) {
    app.post(
      base,
      route(
        {
          tags: ['chat'],
          params: historyParamsSchema,
          body: postMessageBodySchema,
          errors: [404, 409, 422],
        },
        postMessageResponseSchema,
        201,
      ),
      async (request, reply) => {
        const result = await messages.sendMessage(currentUser(request).userId, {
          session_id: request.params.sessionId,
          ...request.body,
        });
        return reply.status(201).send(result);
      },
    );
  }
});
