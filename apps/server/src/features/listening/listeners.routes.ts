import {
  adminListenerParamsSchema,
  adminListenerSchema,
  adminListenersQuerySchema,
  adminListenersResponseSchema,
  applyListenerBodySchema,
  listenerApplicationSchema,
  listenerGuidelinesSchema,
  reviewListenerBodySchema,
} from '@kindred/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, errorsFor, route } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { ListenersService } from './listeners.service';

/** Becoming a listener, under /api/v1/listeners. */
export const listenersRoutes = signedIn<{ listeners: ListenersService }>(
  async (app, { listeners }) => {
    app.get('/guidelines', route({ tags: ['listeners'] }, listenerGuidelinesSchema), async () =>
      listeners.guidelines(),
    );

    app.get(
      '/application',
      route({ tags: ['listeners'] }, listenerApplicationSchema),
      async (request) => listeners.application(currentUser(request).userId),
    );

    app.post(
      '/apply',
      route(
        { tags: ['listeners'], body: applyListenerBodySchema, errors: [409] },
        listenerApplicationSchema,
        201,
      ),
      async (request, reply) => {
        const application = await listeners.apply(currentUser(request).userId, request.body);
        return reply.status(201).send(application);
      },
    );
  },
);

/** Reviewing listeners, under /api/v1/admin/listeners: admins only. */
export const adminListenersRoutes: FastifyPluginAsyncZod<{ listeners: ListenersService }> = async (
  app,
  { listeners },
) => {
  app.get(
    '/',
    {
      onRequest: [app.authenticate, app.requireAdmin],
      schema: {
        tags: ['admin'],
        querystring: adminListenersQuerySchema,
        response: { 200: adminListenersResponseSchema, ...errorResponses },
      },
    },
    async (request) => listeners.list(request.query),
  );

  app.patch(
    '/:userId',
    {
      onRequest: [app.authenticate, app.requireAdmin],
      schema: {
        tags: ['admin'],
        params: adminListenerParamsSchema,
        body: reviewListenerBodySchema,
        response: { 200: adminListenerSchema, ...errorsFor(404, 409), ...errorResponses },
      },
    },
    async (request) =>
      listeners.review(currentUser(request).userId, request.params.userId, request.body),
  );
};
