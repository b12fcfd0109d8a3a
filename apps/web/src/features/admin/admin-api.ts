import {
  adminAppointmentsResponseSchema,
  adminChartsSchema,
  adminLogsResponseSchema,
  adminReportsResponseSchema,
  adminStatsSchema,
  adminUsersResponseSchema,
  banResponseSchema,
  moderationActionResponseSchema,
  moderationItemDetailSchema,
  moderationQueueResponseSchema,
  updateReportResponseSchema,
  type AdminLogsQuery,
  type AdminReportsQuery,
  type AdminUsersQuery,
  type BanBody,
  type ModerationActionBody,
  type ModerationItem,
  type ModerationQueueQuery,
  type UpdateReportBody,
} from '@kindred/protocol';
import { keepPreviousData, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { apiJson, getJson } from '../../lib/api';
import { toQueryString } from './paging';

/**
 * The admin REST calls (the listening contract's "Admin Endpoints", the moderation queue and the
 * audit log).
 */

export const adminQueryKey = ['admin'] as const;

export const adminStatsQueryOptions = queryOptions({
  queryKey: [...adminQueryKey, 'stats'],
  queryFn: getJson('/admin/stats', adminStatsSchema),
  staleTime: 0,
});

export const adminChartsQueryOptions = queryOptions({
  queryKey: [...adminQueryKey, 'charts'],
  queryFn: getJson('/admin/charts', adminChartsSchema),
  staleTime: 60_000,
});

/**
 * A paged admin list (`GET /admin/<name>?…`): kept on screen while the next page loads, and
 * always read afresh.
 */
const pagedListQueryOptions =
  <Query extends object, S extends z.ZodType>(name: string, schema: S) =>
  (query: Query) =>
    queryOptions({
      queryKey: [...adminQueryKey, name, query],
      queryFn: getJson(`/admin/${name}${toQueryString(query)}`, schema),
      placeholderData: keepPreviousData,
      staleTime: 0,
    });

export const adminUsersQueryOptions = pagedListQueryOptions<
  AdminUsersQuery,
  typeof adminUsersResponseSchema
>('users', adminUsersResponseSchema);

export const adminReportsQueryOptions = pagedListQueryOptions<
  AdminReportsQuery,
  typeof adminReportsResponseSchema
>('reports', adminReportsResponseSchema);

export const moderationQueueQueryOptions = pagedListQueryOptions<
  ModerationQueueQuery,
  typeof moderationQueueResponseSchema
>('moderation', moderationQueueResponseSchema);

export const moderationItemQueryOptions = (kind: ModerationItem['kind'], itemId: string) =>
  queryOptions({
    queryKey: [...adminQueryKey, 'moderation-item', kind, itemId],
    queryFn: ({ signal }) =>
      apiJson(
        'GET',
        `/admin/moderation/${kind}/${encodeURIComponent(itemId)}`,
        moderationItemDetailSchema,
        { signal },
      ),
    staleTime: 0,
  });

export const adminLogsQueryOptions = pagedListQueryOptions<
  AdminLogsQuery,
  typeof adminLogsResponseSchema
>('logs', adminLogsResponseSchema);

/** PATCH /admin/users/:userId/ban: ban (reason required) or unban. */
export const setUserActive = (userId: string, body: BanBody) =>
  apiJson('PATCH', `/admin/users/${encodeURIComponent(userId)}/ban`, banResponseSchema, { body });

/** PATCH /admin/reports/:reportId: status and resolution. */
export const updateReport = (reportId: string, body: UpdateReportBody) =>
  apiJson('PATCH', `/admin/reports/${encodeURIComponent(reportId)}`, updateReportResponseSchema, {
    body,
  });

/** POST /admin/moderation/:kind/:itemId/actions: dismiss, remove the message, warn or ban. */
export const actOnModerationItem = (
  kind: ModerationItem['kind'],
  itemId: string,
  body: ModerationActionBody,
) =>
  apiJson(
    'POST',
    `/admin/moderation/${kind}/${encodeURIComponent(itemId)}/actions`,
    moderationActionResponseSchema,
    { body },
  );

/**
 * After any admin action: every admin list and count may have moved. An item's review is left
 * alone (it is read again when opened): reading one is itself written to the audit log.
 */
export const refreshAdminData = (queryClient: QueryClient) =>
  queryClient.invalidateQueries({
    queryKey: adminQueryKey,
    predicate: (query) => query.queryKey[1] !== 'moderation-item',
  });

/** A user's booked sessions with each one's history, newest first (the user view). */
export const adminUserAppointmentsQueryOptions = (userId: string) =>
  queryOptions({
    queryKey: [...adminQueryKey, 'users', userId, 'appointments'],
    queryFn: () =>
      apiJson(
        'GET',
        `/admin/users/${encodeURIComponent(userId)}/appointments?limit=20`,
        adminAppointmentsResponseSchema,
      ),
  });
