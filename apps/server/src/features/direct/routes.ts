import {
  conversationParamsSchema,
  conversationSettingsResponseSchema,
  conversationsQuerySchema,
  conversationsResponseSchema,
  directHistoryQuerySchema,
  directHistoryResponseSchema,
  markReadResponseSchema,
  messageContactsResponseSchema,
  messageParamsSchema,
  messageRequestsQuerySchema,
  messageRequestsResponseSchema,
  muteBodySchema,
  requestParamsSchema,
  respondToRequestBodySchema,
  respondToRequestResponseSchema,
  sendDirectMessageBodySchema,
  sendDirectMessageResponseSchema,
  sendMessageRequestBodySchema,
  sendMessageRequestResponseSchema,
  userIdParamsSchema,
  userReportBodySchema,
  userReportResponseSchema,
} from '@kindred/protocol';
import { errorsFor, route } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { DirectService } from './conversations.service';
import type { RequestsService } from './requests.service';

const errorResponses = errorsFor(400, 401, 403, 404, 409, 422, 429);

/**
 * Direct messages (the direct-messaging contract) and their controls (the user-chat contract),
 * under /api/v1. Answers use the direct-messaging contract's envelope `{ success: true, data, meta?
 * }`; errors the usual body.
 */
export const directRoutes = signedIn<{ direct: DirectService; requests: RequestsService }>(
  async (app, { direct, requests }) => {
    const me = (request: Parameters<typeof currentUser>[0]) => currentUser(request).userId;

    app.post(
      '/messages/request',
      route(
        { tags: ['direct messages'], body: sendMessageRequestBodySchema, errors: [404, 409, 422] },
        sendMessageRequestResponseSchema,
        201,
      ),
      async (request, reply) =>
        reply.status(201).send(await requests.sendRequest(me(request), request.body)),
    );

    app.get(
      '/messages/requests',
      route(
        {
          tags: ['direct messages'],
          querystring: messageRequestsQuerySchema,
          errors: [404, 409, 422],
        },
        messageRequestsResponseSchema,
      ),
      async (request) => requests.listRequests(me(request), request.query),
    );

    app.post(
      '/messages/request/:id/respond',
      route(
        {
          tags: ['direct messages'],
          params: requestParamsSchema,
          body: respondToRequestBodySchema,
          errors: [404, 409, 422],
        },
        respondToRequestResponseSchema,
      ),
      async (request) => requests.respond(me(request), request.params.id, request.body),
    );

    app.get(
      '/messages/contacts',
      route({ tags: ['direct messages'], errors: [404, 409, 422] }, messageContactsResponseSchema),
      async (request) => requests.contacts(me(request)),
    );

    app.post(
      '/messages/send',
      route(
        { tags: ['direct messages'], body: sendDirectMessageBodySchema, errors: [404, 409, 422] },
        sendDirectMessageResponseSchema,
        201,
      ),
      async (request, reply) =>
        reply.status(201).send(await direct.send(me(request), request.body)),
    );

    app.put(
      '/messages/:id/read',
      route(
        { tags: ['direct messages'], params: messageParamsSchema, errors: [404, 409, 422] },
        markReadResponseSchema,
      ),
      async (request) => direct.markRead(me(request), request.params.id),
    );

    app.get(
      '/conversations',
      route(
        {
          tags: ['direct messages'],
          querystring: conversationsQuerySchema,
          errors: [404, 409, 422],
        },
        conversationsResponseSchema,
      ),
      async (request) => direct.list(me(request), request.query),
    );

    app.get(
      '/conversations/:id/messages',
      route(
        {
          tags: ['direct messages'],
          params: conversationParamsSchema,
          querystring: directHistoryQuerySchema,
          errors: [404, 409, 422],
        },
        directHistoryResponseSchema,
      ),
      async (request) => direct.history(me(request), request.params.id, request.query),
    );

    const settingsRoute = {
      tags: ['direct messages'],
      params: conversationParamsSchema,
      response: { 200: conversationSettingsResponseSchema, ...errorResponses },
    };
    app.post(
      '/conversations/:id/mute',
      { schema: { ...settingsRoute, body: muteBodySchema } },
      async (request) => direct.mute(me(request), request.params.id, request.body),
    );
    app.delete('/conversations/:id/mute', { schema: settingsRoute }, async (request) =>
      direct.unmute(me(request), request.params.id),
    );
    app.post('/conversations/:id/clear', { schema: settingsRoute }, async (request) =>
      direct.clear(me(request), request.params.id),
    );
    app.post('/conversations/:id/archive', { schema: settingsRoute }, async (request) =>
      direct.archive(me(request), request.params.id),
    );
    app.delete('/conversations/:id/archive', { schema: settingsRoute }, async (request) =>
      direct.unarchive(me(request), request.params.id),
    );

    app.post(
      '/users/:id/report',
      route(
        {
          tags: ['direct messages'],
          params: userIdParamsSchema,
          body: userReportBodySchema,
          errors: [404, 409, 422],
        },
        userReportResponseSchema,
        201,
      ),
      async (request, reply) =>
        reply.status(201).send(await direct.report(me(request), request.params.id, request.body)),
    );
  },
);
