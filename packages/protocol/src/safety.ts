// Safety: reporting someone to the team (the listening contract) and blocking them (the
// direct-messaging contract).
import { z } from 'zod';
import { successEnvelope } from './schema-builders';

export const reportReasons = [
  'harassment',
  'inappropriate',
  'spam',
  'safety_concern',
  'other',
] as const;

/** POST /reports (the listening contract). */
export const reportBodySchema = z.strictObject({
  reported_user_id: z.uuid('reported_user_id must be a user id'),
  chat_session_id: z.uuid().optional(),
  message_id: z.uuid().optional(),
  reason: z.enum(reportReasons),
  description: z
    .string()
    .trim()
    .min(1, 'Tell us briefly what happened')
    .max(1000, 'Descriptions can be at most 1000 characters'),
});
export type ReportBody = z.input<typeof reportBodySchema>;
export const reportResponseSchema = z.object({ message: z.string(), report_id: z.uuid() });

/** POST /users/:id/block (the direct-messaging contract). */
export const blockBodySchema = z
  .strictObject({ reason: z.string().trim().max(100, 'At most 100 characters').optional() })
  .nullish();
/** The direct-messaging contract wraps this answer: `{ success: true, data: { message } }`. */
export const blockResponseSchema = successEnvelope(z.object({ message: z.string() }));
/**
 * GET /users/me/blocked: whom the user blocked, newest first (the direct-messaging contract's
 * `getBlockedUsers`).
 */
export const blockedUserSchema = z.object({
  user_id: z.uuid(),
  pseudonym: z.string(),
  reason: z.string().nullable(),
  blocked_at: z.iso.datetime(),
});
export type BlockedUser = z.infer<typeof blockedUserSchema>;
export const blockedUsersResponseSchema = successEnvelope(
  z.object({ blocked_users: z.array(blockedUserSchema) }),
);
