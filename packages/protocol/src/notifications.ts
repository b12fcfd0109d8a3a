// Notifications: an in-app centre, realtime to every device, e-mail and Web Push, with
// preferences per type and channel, quiet hours and a digest for chat messages.
import { z } from 'zod';

export const notificationTypes = [
  'message_request',
  'request_accepted',
  'new_message',
  'support_reply',
  'chat_request',
  'listener_free',
  'listener_approved',
  'listener_rejected',
  'moderation_notice',
  'account_security',
  'appointment_booked',
  'appointment_rescheduled',
  'appointment_cancelled',
  'appointment_reminder',
] as const;
export const notificationTypeSchema = z.enum(notificationTypes, 'Unknown notification type');
export type NotificationType = z.infer<typeof notificationTypeSchema>;

export const notificationChannels = ['in_app', 'email', 'push'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

/**
 * Critical types: always shown in the app. Account-security e-mails cannot be turned off either
 * (they are transactional: a sign-in or password change must reach the owner); a moderation
 * notice's e-mail can.
 */
export const criticalNotificationTypes = ['moderation_notice', 'account_security'] as const;
export const alwaysEmailedTypes = ['account_security'] as const;

/** One notification as its recipient sees it. */
export const notificationSchema = z.object({
  id: z.uuid(),
  type: notificationTypeSchema,
  title: z.string(),
  body: z.string(),
  /** An in-app path that opens what it is about. */
  link: z.string(),
  created_at: z.iso.datetime(),
  read_at: z.iso.datetime().nullable(),
  /** What it is about, when it is about one of these. */
  conversation_id: z.uuid().nullable(),
  request_id: z.uuid().nullable(),
  appointment_id: z.uuid().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

// ── GET /notifications ─────────────────────────────────────────────────────────────────────────
export const notificationsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  unread: z.enum(['true', 'false']).optional(),
});
export const notificationsResponseSchema = z.object({
  notifications: z.array(notificationSchema),
  next_cursor: z.string().nullable(),
  unread_count: z.number().int(),
});
export type NotificationsResponse = z.infer<typeof notificationsResponseSchema>;

// ── PUT /notifications/:id/read, PUT /notifications/read-all ──────────────────────────────────
export const notificationIdParamsSchema = z.strictObject({ id: z.uuid('id must be a UUID') });
export const notificationReadResponseSchema = z.object({
  notification: notificationSchema,
  unread_count: z.number().int(),
});
export const notificationsReadAllResponseSchema = z.object({ unread_count: z.number().int() });

// ── GET/PUT /notifications/preferences ────────────────────────────────────────────────────────
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time like 22:00');
export const channelSwitchesSchema = z.strictObject({
  in_app: z.boolean().optional(),
  email: z.boolean().optional(),
  push: z.boolean().optional(),
});
export const messageEmailChoices = ['instant', 'hourly', 'never'] as const;
export const notificationPreferencesSchema = z.object({
  types: z.record(
    notificationTypeSchema,
    z.object({ in_app: z.boolean(), email: z.boolean(), push: z.boolean() }),
  ),
  quiet_hours: z.object({ enabled: z.boolean(), start: hhmm, end: hhmm, time_zone: z.string() }),
  message_email: z.enum(messageEmailChoices),
  critical: z.array(notificationTypeSchema),
  /** E-mail to the account's address was refused for good (a bounce): none is sent until resumed. */
  email_paused: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;
export const updateNotificationPreferencesSchema = z.strictObject({
  types: z.partialRecord(notificationTypeSchema, channelSwitchesSchema).optional(),
  quiet_hours: z
    .strictObject({
      enabled: z.boolean().optional(),
      start: hhmm.optional(),
      end: hhmm.optional(),
      time_zone: z.string().max(64).optional(),
    })
    .optional(),
  message_email: z.enum(messageEmailChoices).optional(),
  /** Try e-mail again after a bounce paused it (the person says the address works now). */
  resume_email: z.literal(true).optional(),
});
export type UpdateNotificationPreferences = z.input<typeof updateNotificationPreferencesSchema>;

// ── Web Push subscriptions ────────────────────────────────────────────────────────────────────
export const pushSubscriptionBodySchema = z.strictObject({
  endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    p256dh: z.string().min(40).max(200),
    auth: z.string().min(16).max(100),
  }),
});
export type PushSubscriptionBody = z.input<typeof pushSubscriptionBodySchema>;
export const pushSubscriptionResponseSchema = z.object({ id: z.uuid() });
export const pushKeyResponseSchema = z.object({ public_key: z.string() });

// ── Socket events ─────────────────────────────────────────────────────────────────────────────
export const notificationEventSchema = notificationSchema.extend({
  unread_count: z.number().int(),
});
export type NotificationEvent = z.infer<typeof notificationEventSchema>;
export const notificationsReadEventSchema = z.object({
  /** The ids now read, or 'all'. */
  ids: z.union([z.array(z.uuid()), z.literal('all')]),
  unread_count: z.number().int(),
});
export type NotificationsReadEvent = z.infer<typeof notificationsReadEventSchema>;

// ── GET/POST /notifications/unsubscribe?token= (one click, no sign-in) ───────────────────────
export const unsubscribeQuerySchema = z.object({
  token: z.string('The link has no token').min(1, 'The link has no token').max(512),
});
