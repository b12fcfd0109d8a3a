import {
  adminListenerParamsSchema,
  adminListenerSchema,
  adminListenersQuerySchema,
  adminListenersResponseSchema,
  applyListenerBodySchema,
  errorBodySchema,
  listenerApplicationSchema,
  listenerGuidelinesSchema,
  reviewListenerBodySchema,
} from '@kindred/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../lib/error-responses';
import { currentUser } from '../../plugins/auth';
import type { ListenersService } from './listeners.service';

/** Becoming a listener, under /api/v1/listeners. */
export const listenersRoutes: FastifyPluginAsyncZod<{ listeners: ListenersService }> = async (
  app,
  { listeners },
) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/guidelines',
    {
      schema: {
        tags: ['listeners'],
        response: { 200: listenerGuidelinesSchema, ...errorResponses },
      },
    },
    async () => listeners.guidelines(),
  );

  app.get(
    '/application',
    {
      schema: {
        tags: ['listeners'],
        response: { 200: listenerApplicationSchema, ...errorResponses },
      },
    },
    async (request) => listeners.application(currentUser(request).userId),
  );

  app.post(
    '/apply',
    {
      schema: {
        tags: ['listeners'],
        body: applyListenerBodySchema,
        response: { 201: listenerApplicationSchema, 409: errorBodySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const application = await listeners.apply(currentUser(request).userId, request.body);
      return reply.status(201).send(application);
    },
  );
};

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
        response: {
          200: adminListenerSchema,
          404: errorBodySchema,
          409: errorBodySchema,
          ...errorResponses,
        },
      },
    },
    async (request) =>
      listeners.review(currentUser(request).userId, request.params.userId, request.body),
  );
};
