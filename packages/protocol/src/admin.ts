// Admin API (the listening contract's "Admin Endpoints"), the moderation queue and the audit log.
import { z } from 'zod';
import { limits } from './limits';
import { listenerStatusSchema } from './listening';
import { reportReasons } from './safety';
import { roleSchema } from './identity';
import { listenerStatsFields, pagedList, pageQuery, uuidParams } from './schema-builders';

const reportStatuses = ['pending', 'under_review', 'resolved', 'dismissed'] as const;
export const reportStatusSchema = z.enum(reportStatuses);
export type ReportStatus = z.infer<typeof reportStatusSchema>;

/** Query booleans arrive as text: only "true" and "false" are accepted. */
const queryBoolean = z
  .enum(['true', 'false'], 'Use true or false')
  .transform((value) => value === 'true');

const reason = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

export const userRefSchema = z.object({ id: z.uuid(), pseudonym: z.string() });
export type UserRef = z.infer<typeof userRefSchema>;

// ── GET /admin/stats ───────────────────────────────────────────────────────────────────────────

/** The listening contract's stats, plus what the team's triage needs at a glance. */
const count = z.number().int();
export const adminStatsSchema = z.object({
  total_users: count,
  total_sharers: count,
  total_listeners: count,
  active_chats: count,
  available_listeners: count,
  total_chats_today: count,
  total_chats_all_time: count,
  pending_reports: count,
  average_rating: z.number().nullable(),
  flagged_messages_pending: count,
  pending_listener_applications: count,
  open_support_tickets: count,
  /** Booked sessions still to come. */
  upcoming_appointments: count,
});
export type AdminStats = z.infer<typeof adminStatsSchema>;

// ── GET /admin/charts ──────────────────────────────────────────────────────────────────────────

export const adminChartsSchema = z.object({
  /** The last 30 days, oldest first, days without chats included as 0 (UTC dates). */
  chats_per_day: z.array(z.object({ date: z.iso.date(), count: z.number().int() })),
  /** Ratings 1–5, every rating present. */
  rating_distribution: z.array(
    z.object({ rating: z.number().int().min(1).max(5), count: z.number().int() }),
  ),
  /** Every reason × status combination that has at least one report. */
  reports_by_reason: z.array(
    z.object({
      reason: z.enum(reportReasons),
      status: reportStatusSchema,
      count: z.number().int(),
    }),
  ),
  /** Hours 0–23 (UTC): the average number of available listeners in that hour, last 7 days. */
  listeners_available_by_hour: z.array(
    z.object({ hour: z.number().int().min(0).max(23), average: z.number() }),
  ),
  /** The last 30 days, oldest first: booked sessions by the UTC date of their start, not cancelled. */
  appointments_per_day: z.array(z.object({ date: z.iso.date(), count: z.number().int() })),
});
export type AdminCharts = z.infer<typeof adminChartsSchema>;

// ── GET /admin/users ───────────────────────────────────────────────────────────────────────────

export const adminUsersQuerySchema = z.strictObject({
  ...pageQuery,
  role: roleSchema.optional(),
  is_active: queryBoolean.optional(),
  /** Pseudonym or email, case-insensitive substring. */
  search: z.string().trim().max(254).optional(),
});
export type AdminUsersQuery = z.input<typeof adminUsersQuerySchema>;

export const adminUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  pseudonym: z.string(),
  roles: z.array(roleSchema),
  is_active: z.boolean(),
  is_admin: z.boolean(),
  ...listenerStatsFields,
  listener_status: listenerStatusSchema,
  /** Reports against this user not yet resolved or dismissed. */
  open_reports: z.number().int(),
  created_at: z.iso.datetime(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const adminUsersResponseSchema = pagedList('users', adminUserSchema);
export type AdminUsersResponse = z.infer<typeof adminUsersResponseSchema>;

// ── PATCH /admin/users/:userId/ban ─────────────────────────────────────────────────────────────

export const adminUserParamsSchema = uuidParams('userId');

/** Banning needs a reason; unbanning may give one. */
export const banBodySchema = z.discriminatedUnion('is_active', [
  z.strictObject({ is_active: z.literal(false), reason: reason('Reason', limits.banReasonMax) }),
  z.strictObject({
    is_active: z.literal(true),
    reason: reason('Reason', limits.banReasonMax).optional(),
  }),
]);
export type BanBody = z.infer<typeof banBodySchema>;

export const banResponseSchema = z.object({ message: z.string(), user_id: z.uuid() });
export type BanResponse = z.infer<typeof banResponseSchema>;
/** DELETE /admin/users/:userId: the account is erased as its owner's own deletion would. */
export const deleteUserResponseSchema = z.object({ message: z.string(), user_id: z.uuid() });
export type DeleteUserResponse = z.infer<typeof deleteUserResponseSchema>;

// ── GET /admin/reports, PATCH /admin/reports/:reportId ─────────────────────────────────────────

export const adminReportsQuerySchema = z.strictObject({
  ...pageQuery,
  status: reportStatusSchema.optional(),
  /** Only reports against this user (the Users tab links here). */
  reported_user_id: z.uuid().optional(),
});
export type AdminReportsQuery = z.input<typeof adminReportsQuerySchema>;

export const adminReportSchema = z.object({
  id: z.uuid(),
  reporter: userRefSchema.nullable(),
  reported_user: userRefSchema,
  reason: z.enum(reportReasons),
  description: z.string(),
  status: reportStatusSchema,
  created_at: z.iso.datetime(),
  /** Evidence kept with the report (the message itself may have expired). */
  session_id: z.uuid().nullable(),
  message_id: z.uuid().nullable(),
  message_snapshot: z.string().nullable(),
  message_sent_at: z.iso.datetime().nullable(),
  reviewed_at: z.iso.datetime().nullable(),
  reviewed_by: userRefSchema.nullable(),
  resolution: z.string().nullable(),
});
export type AdminReport = z.infer<typeof adminReportSchema>;

export const adminReportsResponseSchema = pagedList('reports', adminReportSchema);
export type AdminReportsResponse = z.infer<typeof adminReportsResponseSchema>;

export const reportParamsSchema = uuidParams('reportId');

export const updateReportBodySchema = z.strictObject({
  status: reportStatusSchema,
  resolution: reason('Resolution', limits.resolutionMax).optional(),
});
export type UpdateReportBody = z.infer<typeof updateReportBodySchema>;

export const updateReportResponseSchema = z.object({ message: z.string(), report_id: z.uuid() });

// ── Moderation queue: GET /admin/moderation, GET /admin/moderation/:itemId, POST …/actions ─────

/**
 * Flagged messages and user reports in one list. Severity: 3 self-harm / safety concern,
 * 2 harassment and other distress, 1 the rest. Ordered by severity, then oldest first.
 */
export const moderationItemKindSchema = z.enum(['flagged_message', 'report']);

export const moderationQueueQuerySchema = z.strictObject({
  ...pageQuery,
  /** `open` (default): not yet reviewed; `reviewed`: already handled, newest first. */
  state: z.enum(['open', 'reviewed']).default('open'),
});
export type ModerationQueueQuery = z.input<typeof moderationQueueQuerySchema>;

export const moderationItemSchema = z.object({
  /** The moderation event's or the report's id. */
  id: z.uuid(),
  kind: moderationItemKindSchema,
  severity: z.number().int().min(1).max(3),
  /** The moderation rule (e.g. self_harm) or the report reason. */
  category: z.string(),
  user: userRefSchema.nullable(),
  reporter: userRefSchema.nullable(),
  session_id: z.uuid().nullable(),
  message_id: z.uuid().nullable(),
  /** The evidence snapshot. */
  content: z.string().nullable(),
  description: z.string().nullable(),
  created_at: z.iso.datetime(),
  reviewed_at: z.iso.datetime().nullable(),
  resolution: z.string().nullable(),
});
export type ModerationItem = z.infer<typeof moderationItemSchema>;

export const moderationQueueResponseSchema = pagedList('items', moderationItemSchema);
export type ModerationQueueResponse = z.infer<typeof moderationQueueResponseSchema>;

export const moderationItemParamsSchema = z.strictObject({
  kind: moderationItemKindSchema,
  itemId: z.uuid('itemId must be a UUID'),
});

/** Reviewing one item: its evidence and, while the chat exists, the messages around it. */
export const moderationItemDetailSchema = z.object({
  item: moderationItemSchema,
  context: z.array(
    z.object({
      id: z.uuid(),
      seq: z.number().int(),
      sender: userRefSchema.nullable(),
      content: z.string(),
      sent_at: z.iso.datetime(),
      /** The message this item is about. */
      is_subject: z.boolean(),
      moderation_status: z.enum(['approved', 'flagged', 'removed']),
    }),
  ),
  /** False once the 24 hours have passed: only the snapshot remains. */
  conversation_available: z.boolean(),
});
export type ModerationItemDetail = z.infer<typeof moderationItemDetailSchema>;

export const moderationActionBodySchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('dismiss'), note: reason('Note', 500).optional() }),
  z.strictObject({ action: z.literal('remove_message'), note: reason('Note', 500).optional() }),
  /** The notice the user sees. */
  z.strictObject({ action: z.literal('warn'), message: reason('Warning', 500) }),
  z.strictObject({ action: z.literal('ban'), reason: reason('Reason', limits.banReasonMax) }),
]);
export type ModerationActionBody = z.infer<typeof moderationActionBodySchema>;

export const moderationActionResponseSchema = z.object({
  message: z.string(),
  item: moderationItemSchema,
});

// ── GET /admin/logs ────────────────────────────────────────────────────────────────────────────

export const adminLogsQuerySchema = z.strictObject({
  ...pageQuery,
  action: z.string().trim().max(50).optional(),
  admin_id: z.uuid().optional(),
  target_id: z.uuid().optional(),
});
export type AdminLogsQuery = z.input<typeof adminLogsQuerySchema>;

/** What an audit log entry can be about (the server's `admin_logs.target_type`). */
export const adminLogTargetTypes = [
  'user',
  'report',
  'message',
  'moderation_event',
  'conversation',
  'resource',
  'wellbeing_item',
  'contact_request',
] as const;

export const adminLogSchema = z.object({
  id: z.uuid(),
  admin: userRefSchema.nullable(),
  action: z.string(),
  target_type: z.enum(adminLogTargetTypes),
  target_id: z.uuid().nullable(),
  details: z.record(z.string(), z.unknown()),
  timestamp: z.iso.datetime(),
});
export type AdminLog = z.infer<typeof adminLogSchema>;

export const adminLogsResponseSchema = pagedList('logs', adminLogSchema);
export type AdminLogsResponse = z.infer<typeof adminLogsResponseSchema>;

// ── Notices (a warning from the team), for the user ────────────────────────────────────────────

/** GET /users/me/notices: unacknowledged notices; POST /users/me/notices/:id/ack. */
export const userNoticeSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['warning', 'info']),
  message: z.string(),
  created_at: z.iso.datetime(),
});
export type UserNotice = z.infer<typeof userNoticeSchema>;
export const userNoticesResponseSchema = z.object({ notices: z.array(userNoticeSchema) });
export const noticeParamsSchema = uuidParams('id');

/** Socket `account_banned`: the account was suspended; the client signs out and says so. */
export const accountBannedEventSchema = z.object({ message: z.string() });
export type AccountBannedEvent = z.infer<typeof accountBannedEventSchema>;
