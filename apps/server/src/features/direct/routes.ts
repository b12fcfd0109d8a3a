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
import { routeGroup } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { DirectService } from './conversations.service';
import type { RequestsService } from './requests.service';

const directRoute = routeGroup(['direct messages'], [404, 409, 422]);

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
      directRoute({ body: sendMessageRequestBodySchema }, sendMessageRequestResponseSchema, 201),
      async (request, reply) =>
        reply.status(201).send(await requests.sendRequest(me(request), request.body)),
    );
    app.get(
      '/messages/requests',
      directRoute({ querystring: messageRequestsQuerySchema }, messageRequestsResponseSchema),
      async (request) => requests.listRequests(me(request), request.query),
    );
    app.post(
      '/messages/request/:id/respond',
      directRoute(
        { params: requestParamsSchema, body: respondToRequestBodySchema },
        respondToRequestResponseSchema,
      ),
      async (request) => requests.respond(me(request), request.params.id, request.body),
    );
    app.get('/messages/contacts', directRoute({}, messageContactsResponseSchema), async (request) =>
      requests.contacts(me(request)),
    );

    app.post(
      '/messages/send',
      directRoute({ body: sendDirectMessageBodySchema }, sendDirectMessageResponseSchema, 201),
      async (request, reply) =>
        reply.status(201).send(await direct.send(me(request), request.body)),
    );
    app.put(
      '/messages/:id/read',
      directRoute({ params: messageParamsSchema }, markReadResponseSchema),
      async (request) => direct.markRead(me(request), request.params.id),
    );
    app.get(
      '/conversations',
      directRoute({ querystring: conversationsQuerySchema }, conversationsResponseSchema),
      async (request) => direct.list(me(request), request.query),
    );
    app.get(
      '/conversations/:id/messages',
      directRoute(
        { params: conversationParamsSchema, querystring: directHistoryQuerySchema },
        directHistoryResponseSchema,
      ),
      async (request) => direct.history(me(request), request.params.id, request.query),
    );

    const settings = directRoute(
      { params: conversationParamsSchema },
      conversationSettingsResponseSchema,
    );
    app.post(
      '/conversations/:id/mute',
      directRoute(
        { params: conversationParamsSchema, body: muteBodySchema },
        conversationSettingsResponseSchema,
      ),
      async (request) => direct.mute(me(request), request.params.id, request.body),
    );
    app.delete('/conversations/:id/mute', settings, async (request) =>
      direct.unmute(me(request), request.params.id),
    );
    app.post('/conversations/:id/clear', settings, async (request) =>
      direct.clear(me(request), request.params.id),
    );
    app.post('/conversations/:id/archive', settings, async (request) =>
      direct.archive(me(request), request.params.id),
    );
    app.delete('/conversations/:id/archive', settings, async (request) =>
      direct.unarchive(me(request), request.params.id),
    );

    app.post(
      '/users/:id/report',
      directRoute(
        { params: userIdParamsSchema, body: userReportBodySchema },
        userReportResponseSchema,
        201,
      ),
      async (request, reply) =>
        reply.status(201).send(await direct.report(me(request), request.params.id, request.body)),
    );
  },
);
