import {
  messageResponseSchema,
  notificationIdParamsSchema,
  notificationPreferencesSchema,
  notificationReadResponseSchema,
  notificationsQuerySchema,
  notificationsReadAllResponseSchema,
  notificationsResponseSchema,
  pushKeyResponseSchema,
  pushSubscriptionBodySchema,
  pushSubscriptionResponseSchema,
  updateNotificationPreferencesSchema,
} from '@kindred/protocol';
import { errorResponses, errorsFor, withNotFound } from '../../lib/error-responses';
import { errors } from '../../lib/errors';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { NotificationsService } from './service';

const tags = ['notifications'];

/** The notification centre, preferences and Web Push subscriptions, under /api/v1/notifications. */
export const notificationsRoutes = signedIn<{
  notifications: NotificationsService;
  pushKey: string | undefined;
}>(async (app, { notifications, pushKey }) => {
  app.get(
    '/',
    {
      schema: {
        tags,
        querystring: notificationsQuerySchema,
        response: { 200: notificationsResponseSchema, ...errorResponses },
      },
    },
    async (request) => notifications.list(currentUser(request).userId, request.query),
  );
  app.put(
    '/read-all',
    { schema: { tags, response: { 200: notificationsReadAllResponseSchema, ...errorResponses } } },
    async (request) => notifications.readAll(currentUser(request).userId),
  );
  app.put(
    '/:id/read',
    {
      schema: {
        tags,
        params: notificationIdParamsSchema,
        response: { 200: notificationReadResponseSchema, ...withNotFound },
      },
    },
    async (request) => notifications.read(currentUser(request).userId, request.params.id),
  );
  app.get(
    '/preferences',
    { schema: { tags, response: { 200: notificationPreferencesSchema, ...errorResponses } } },
    async (request) => notifications.preferences(currentUser(request).userId),
  );
  app.put(
    '/preferences',
    {
      schema: {
        tags,
        body: updateNotificationPreferencesSchema,
        response: { 200: notificationPreferencesSchema, ...errorResponses },
      },
    },
    async (request) =>
      notifications.updatePreferences(currentUser(request).userId, request.body ?? {}),
  );
  app.get(
    '/push-key',
    { schema: { tags, response: { 200: pushKeyResponseSchema, ...errorsFor(401, 409, 429) } } },
    async () => {
      if (!pushKey) throw errors.pushNotConfigured();
      return { public_key: pushKey };
    },
  );
  app.post(
    '/push-subscriptions',
    {
      schema: {
        tags,
        body: pushSubscriptionBodySchema,
        response: { 201: pushSubscriptionResponseSchema, ...errorsFor(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await notifications.subscribePush(currentUser(request).userId, request.body)),
  );
  app.delete(
    '/push-subscriptions/:id',
    {
      schema: {
        tags,
        params: notificationIdParamsSchema,
        response: { 200: messageResponseSchema, ...withNotFound },
      },
    },
    async (request) =>
      notifications.unsubscribePush(currentUser(request).userId, request.params.id),
  );
});
