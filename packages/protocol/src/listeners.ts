// Listener approval (seed 001 "counselor approval"): apply, review, suspend.
import { z } from 'zod';
import { limits } from './limits';

export const listenerStatuses = ['none', 'pending', 'approved', 'rejected', 'suspended'] as const;
export const listenerStatusSchema = z.enum(listenerStatuses);
export type ListenerStatus = z.infer<typeof listenerStatusSchema>;

/** The statuses an admin can list (`none` is everyone who never applied). */
export const reviewableListenerStatusSchema = z.enum([
  'pending',
  'approved',
  'rejected',
  'suspended',
]);
export type ReviewableListenerStatus = z.infer<typeof reviewableListenerStatusSchema>;

export const listenerMotivationMax = 1000;
export const listenerReasonMax = 500;

// ── GET /listeners/guidelines ──────────────────────────────────────────────────────────────────

export const listenerGuidelinesSchema = z.object({
  version: z.string(),
  title: z.string(),
  intro: z.string(),
  sections: z.array(z.object({ heading: z.string(), points: z.array(z.string()) })),
});
export type ListenerGuidelines = z.infer<typeof listenerGuidelinesSchema>;

// ── POST /listeners/apply, GET /listeners/application ──────────────────────────────────────────

/** `accept_guidelines: false` is well-formed but refused with GUIDELINES_NOT_ACCEPTED. */
export const applyListenerBodySchema = z.strictObject({
  accept_guidelines: z.boolean('Say whether you accept the guidelines'),
  motivation: z
    .string('Tell us a little about why you want to listen')
    .trim()
    .min(1, 'Tell us a little about why you want to listen')
    .max(listenerMotivationMax, `Keep it to ${listenerMotivationMax} characters or fewer`),
});
export type ApplyListenerBody = z.input<typeof applyListenerBodySchema>;

export const listenerApplicationSchema = z.object({
  status: listenerStatusSchema,
  /** Why it was rejected or suspended; null otherwise. */
  reason: z.string().nullable(),
  applied_at: z.iso.datetime().nullable(),
  guidelines_accepted_at: z.iso.datetime().nullable(),
  reviewed_at: z.iso.datetime().nullable(),
  /** False when LISTENER_APPROVAL=off: every listener is offered to sharers. */
  approval_required: z.boolean(),
  /** May this listener be offered to sharers now. */
  can_listen: z.boolean(),
});
export type ListenerApplication = z.infer<typeof listenerApplicationSchema>;

// ── GET /admin/listeners, PATCH /admin/listeners/:userId ───────────────────────────────────────

export const adminListenersQuerySchema = z.strictObject({
  status: reviewableListenerStatusSchema.default('pending'),
  page: z.coerce.number().int('page must be a whole number').min(1).default(1),
  limit: z.coerce
    .number()
    .int('limit must be a whole number')
    .min(1)
    .max(limits.adminPageMax, `limit can be at most ${limits.adminPageMax}`)
    .default(20),
});
export type AdminListenersQuery = z.input<typeof adminListenersQuerySchema>;

export const adminListenerSchema = z.object({
  id: z.uuid(),
  pseudonym: z.string(),
  email: z.string(),
  bio: z.string(),
  languages: z.array(z.string()),
  listener_topics: z.array(z.string()),
  listener_status: listenerStatusSchema,
  /** The team's reason for the last decision (rejected, suspended). */
  reason: z.string().nullable(),
  /** What the applicant wrote when applying. */
  motivation: z.string().nullable(),
  applied_at: z.iso.datetime().nullable(),
  guidelines_accepted_at: z.iso.datetime().nullable(),
  reviewed_at: z.iso.datetime().nullable(),
  reviewed_by: z.object({ id: z.uuid(), pseudonym: z.string() }).nullable(),
  listener_availability: z.enum(['available', 'unavailable', 'in_chat']),
  listener_rating: z.number().nullable(),
  listener_total_chats: z.number().int(),
  created_at: z.iso.datetime(),
});
export type AdminListener = z.infer<typeof adminListenerSchema>;

export const adminListenersResponseSchema = z.object({
  listeners: z.array(adminListenerSchema),
  total: z.number().int(),
  page: z.number().int(),
  pages: z.number().int(),
});
export type AdminListenersResponse = z.infer<typeof adminListenersResponseSchema>;

export const adminListenerParamsSchema = z.strictObject({
  userId: z.uuid('userId must be a UUID'),
});

const reviewReason = z
  .string('A reason is required')
  .trim()
  .min(1, 'A reason is required')
  .max(listenerReasonMax, `Keep the reason to ${listenerReasonMax} characters or fewer`);

/** Reject and suspend need a reason (the listener sees it); approve and reinstate may give one. */
export const reviewListenerBodySchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('approve'), reason: reviewReason.optional() }),
  z.strictObject({ action: z.literal('reject'), reason: reviewReason }),
  z.strictObject({ action: z.literal('suspend'), reason: reviewReason }),
  z.strictObject({ action: z.literal('reinstate'), reason: reviewReason.optional() }),
]);
export type ReviewListenerBody = z.input<typeof reviewListenerBodySchema>;
export type ReviewListenerAction = ReviewListenerBody['action'];
