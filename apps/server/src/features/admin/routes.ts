import {
  adminAppointmentsQuerySchema,
  adminAppointmentsResponseSchema,
  adminChartsSchema,
  adminLogsQuerySchema,
  adminLogsResponseSchema,
  adminReportsQuerySchema,
  adminReportsResponseSchema,
  adminStatsSchema,
  adminUserParamsSchema,
  adminUsersQuerySchema,
  adminUsersResponseSchema,
  banBodySchema,
  banResponseSchema,
  deleteUserResponseSchema,
  messageResponseSchema,
  moderationActionBodySchema,
  moderationActionResponseSchema,
  moderationItemDetailSchema,
  moderationItemParamsSchema,
  moderationQueueQuerySchema,
  moderationQueueResponseSchema,
  noticeParamsSchema,
  reportParamsSchema,
  updateReportBodySchema,
  updateReportResponseSchema,
  userNoticesResponseSchema,
} from '@kindred/protocol';
import { route } from '../../lib/error-responses';
import { adminsOnly, signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { AdminService } from './admin.service';
import type { ModerationService } from './moderation.service';

const tags = ['admin'];

/**
 * The listening contract's "Admin Endpoints", the moderation queue and the audit log, under
 * /api/v1/admin.
 */
export const adminRoutes = adminsOnly<{ admin: AdminService; moderation: ModerationService }>(
  async (app, { admin, moderation }) => {
    const adminId = (request: Parameters<typeof currentUser>[0]) => currentUser(request).userId;

    app.get('/stats', route({ tags }, adminStatsSchema), async () => admin.stats());

    app.get('/charts', route({ tags }, adminChartsSchema), async () => admin.charts());

    app.get(
      '/users',
      route({ tags, querystring: adminUsersQuerySchema }, adminUsersResponseSchema),
      async (request) => admin.listUsers(request.query),
    );

    app.patch(
      '/users/:userId/ban',
      route(
        { tags, params: adminUserParamsSchema, body: banBodySchema, errors: [404] },
        banResponseSchema,
      ),
      async (request) => admin.setBan(adminId(request), request.params.userId, request.body),
    );

    app.delete(
      '/users/:userId',
      route({ tags, params: adminUserParamsSchema, errors: [404] }, deleteUserResponseSchema),
      async (request) => admin.deleteUser(adminId(request), request.params.userId),
    );

    app.get(
      '/users/:userId/appointments',
      route(
        {
          tags,
          params: adminUserParamsSchema,
          querystring: adminAppointmentsQuerySchema,
          errors: [404],
        },
        adminAppointmentsResponseSchema,
      ),
      async (request) => admin.userAppointments(request.params.userId, request.query.limit),
    );

    app.get(
      '/reports',
      route({ tags, querystring: adminReportsQuerySchema }, adminReportsResponseSchema),
      async (request) => admin.listReports(request.query),
    );

    app.patch(
      '/reports/:reportId',
      route(
        { tags, params: reportParamsSchema, body: updateReportBodySchema, errors: [404] },
        updateReportResponseSchema,
      ),
      async (request) =>
        admin.updateReport(adminId(request), request.params.reportId, request.body),
    );

    app.get(
      '/moderation',
      route({ tags, querystring: moderationQueueQuerySchema }, moderationQueueResponseSchema),
      async (request) => moderation.moderationQueue(request.query),
    );

    app.get(
      '/moderation/:kind/:itemId',
      route(
        { tags, params: moderationItemParamsSchema, errors: [404] },
        moderationItemDetailSchema,
      ),
      async (request) =>
        moderation.reviewItem(adminId(request), request.params.kind, request.params.itemId),
    );

    app.post(
      '/moderation/:kind/:itemId/actions',
      route(
        {
          tags,
          params: moderationItemParamsSchema,
          body: moderationActionBodySchema,
          errors: [404],
        },
        moderationActionResponseSchema,
      ),
      async (request) =>
        moderation.act(adminId(request), request.params.kind, request.params.itemId, request.body),
    );

    app.get(
      '/logs',
      route({ tags, querystring: adminLogsQuerySchema }, adminLogsResponseSchema),
      async (request) => admin.logs(request.query),
    );
  },
);

/** A user's notices from the team (a moderation warning), under /api/v1/users/me. */
export const noticesRoutes = signedIn<{ moderation: ModerationService }>(
  async (app, { moderation }) => {
    app.get('/me/notices', route({ tags: ['users'] }, userNoticesResponseSchema), async (request) =>
      moderation.notices(currentUser(request).userId),
    );

    app.post(
      '/me/notices/:id/ack',
      route({ tags: ['users'], params: noticeParamsSchema, errors: [404] }, messageResponseSchema),
      async (request) =>
        moderation.acknowledgeNotice(currentUser(request).userId, request.params.id),
    );
  },
);
