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
import { errorsFor, route } from '../../lib/error-responses';
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
    route({ tags, querystring: notificationsQuerySchema }, notificationsResponseSchema),
    async (request) => notifications.list(currentUser(request).userId, request.query),
  );
  app.put('/read-all', route({ tags }, notificationsReadAllResponseSchema), async (request) =>
    notifications.readAll(currentUser(request).userId),
  );
  app.put(
    '/:id/read',
    route(
      { tags, params: notificationIdParamsSchema, errors: [404] },
      notificationReadResponseSchema,
    ),
    async (request) => notifications.read(currentUser(request).userId, request.params.id),
  );
  app.get('/preferences', route({ tags }, notificationPreferencesSchema), async (request) =>
    notifications.preferences(currentUser(request).userId),
  );
  app.put(
    '/preferences',
    route({ tags, body: updateNotificationPreferencesSchema }, notificationPreferencesSchema),
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
    route(
      { tags, body: pushSubscriptionBodySchema, errors: [409] },
      pushSubscriptionResponseSchema,
      201,
    ),
    async (request, reply) =>
      reply
        .status(201)
        .send(await notifications.subscribePush(currentUser(request).userId, request.body)),
  );
  app.delete(
    '/push-subscriptions/:id',
    route({ tags, params: notificationIdParamsSchema, errors: [404] }, messageResponseSchema),
    async (request) =>
      notifications.unsubscribePush(currentUser(request).userId, request.params.id),
  );
});
