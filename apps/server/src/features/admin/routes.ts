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
import { errorResponses, withNotFound } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { AdminService } from './admin.service';
import type { ModerationService } from './moderation.service';

const tags = ['admin'];

/**
 * The listening contract's "Admin Endpoints", the moderation queue and the audit log, under
 * /api/v1/admin.
 */
export const adminRoutes = signedIn<{ admin: AdminService; moderation: ModerationService }>(
  async (app, { admin, moderation }) => {
    app.addHook('onRequest', app.requireAdmin);
    const adminId = (request: Parameters<typeof currentUser>[0]) => currentUser(request).userId;

    app.get(
      '/stats',
      { schema: { tags, response: { 200: adminStatsSchema, ...errorResponses } } },
      async () => admin.stats(),
    );

    app.get(
      '/charts',
      { schema: { tags, response: { 200: adminChartsSchema, ...errorResponses } } },
      async () => admin.charts(),
    );

    app.get(
      '/users',
      {
        schema: {
          tags,
          querystring: adminUsersQuerySchema,
          response: { 200: adminUsersResponseSchema, ...errorResponses },
        },
      },
      async (request) => admin.listUsers(request.query),
    );

    app.patch(
      '/users/:userId/ban',
      {
        schema: {
          tags,
          params: adminUserParamsSchema,
          body: banBodySchema,
          response: { 200: banResponseSchema, ...withNotFound },
        },
      },
      async (request) => admin.setBan(adminId(request), request.params.userId, request.body),
    );

    app.delete(
      '/users/:userId',
      {
        schema: {
          tags,
          params: adminUserParamsSchema,
          response: { 200: deleteUserResponseSchema, ...withNotFound },
        },
      },
      async (request) => admin.deleteUser(adminId(request), request.params.userId),
    );

    app.get(
      '/users/:userId/appointments',
      {
        schema: {
          tags,
          params: adminUserParamsSchema,
          querystring: adminAppointmentsQuerySchema,
          response: { 200: adminAppointmentsResponseSchema, ...withNotFound },
        },
      },
      async (request) => admin.userAppointments(request.params.userId, request.query.limit),
    );

    app.get(
      '/reports',
      {
        schema: {
          tags,
          querystring: adminReportsQuerySchema,
          response: { 200: adminReportsResponseSchema, ...errorResponses },
        },
      },
      async (request) => admin.listReports(request.query),
    );

    app.patch(
      '/reports/:reportId',
      {
        schema: {
          tags,
          params: reportParamsSchema,
          body: updateReportBodySchema,
          response: { 200: updateReportResponseSchema, ...withNotFound },
        },
      },
      async (request) =>
        admin.updateReport(adminId(request), request.params.reportId, request.body),
    );

    app.get(
      '/moderation',
      {
        schema: {
          tags,
          querystring: moderationQueueQuerySchema,
          response: { 200: moderationQueueResponseSchema, ...errorResponses },
        },
      },
      async (request) => moderation.moderationQueue(request.query),
    );

    app.get(
      '/moderation/:kind/:itemId',
      {
        schema: {
          tags,
          params: moderationItemParamsSchema,
          response: { 200: moderationItemDetailSchema, ...withNotFound },
        },
      },
      async (request) =>
        moderation.reviewItem(adminId(request), request.params.kind, request.params.itemId),
    );

    app.post(
      '/moderation/:kind/:itemId/actions',
      {
        schema: {
          tags,
          params: moderationItemParamsSchema,
          body: moderationActionBodySchema,
          response: { 200: moderationActionResponseSchema, ...withNotFound },
        },
      },
      async (request) =>
        moderation.act(adminId(request), request.params.kind, request.params.itemId, request.body),
    );

    app.get(
      '/logs',
      {
        schema: {
          tags,
          querystring: adminLogsQuerySchema,
          response: { 200: adminLogsResponseSchema, ...errorResponses },
        },
      },
      async (request) => admin.logs(request.query),
    );
  },
);

/** A user's notices from the team (a moderation warning), under /api/v1/users/me. */
export const noticesRoutes = signedIn<{ moderation: ModerationService }>(
  async (app, { moderation }) => {
    app.get(
      '/me/notices',
      {
        schema: {
          tags: ['users'],
          response: { 200: userNoticesResponseSchema, ...errorResponses },
        },
      },
      async (request) => moderation.notices(currentUser(request).userId),
    );

    app.post(
      '/me/notices/:id/ack',
      {
        schema: {
          tags: ['users'],
          params: noticeParamsSchema,
          response: { 200: messageResponseSchema, ...withNotFound },
        },
      },
      async (request) =>
        moderation.acknowledgeNotice(currentUser(request).userId, request.params.id),
    );
  },
);
