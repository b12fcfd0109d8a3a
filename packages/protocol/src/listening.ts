// Listening: listener availability and approval, matching, listening chats, feedback.
import { z } from 'zod';
import {
  listenerStatsFields,
  pagedList,
  pageQuery,
  profileCardFields,
  uuidParams,
} from './schema-builders';

export const listenerAvailabilities = ['available', 'unavailable', 'in_chat'] as const;
export const listenerAvailabilitySchema = z.enum(listenerAvailabilities);
export type ListenerAvailability = z.infer<typeof listenerAvailabilitySchema>;

export const availabilityBodySchema = z.strictObject({ availability: listenerAvailabilitySchema });
export type AvailabilityBody = z.infer<typeof availabilityBodySchema>;
export const availabilityResponseSchema = z.object({
  listener_availability: listenerAvailabilitySchema,
});

const shortText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${label} must not be empty`)
    .max(max, `${label} must be at most ${max} characters`);

/**
 * POST /match/find-listeners (the listening contract): every field optional. A field left out takes
 * the saved preference; `null` means "no filter", whatever is saved.
 */
export const findListenersBodySchema = z
  .strictObject({
    topic: shortText('Topic', 50).nullish(),
    language: shortText('Language', 40).nullish(),
    preferred_min_rating: z.number().min(1).max(5).nullish(),
  })
  .nullish();
export type FindListenersBody = z.input<typeof findListenersBodySchema>;

export const listenerMatchSchema = z.object({
  ...profileCardFields,
  languages: z.array(z.string()),
  listener_topics: z.array(z.string()),
  ...listenerStatsFields,
  match_score: z.number(),
});
export type ListenerMatch = z.infer<typeof listenerMatchSchema>;

export const NO_MATCHES_MESSAGE =
  'No available listeners match your preferences right now. Please try again later.';

export const findListenersResponseSchema = z.object({
  matches: z.array(listenerMatchSchema),
  /** Present when there are no matches (the listening contract's message). */
  message: z.string().optional(),
});
export type FindListenersResponse = z.infer<typeof findListenersResponseSchema>;

/** GET/PUT /match/preferences: what a sharer usually wants, used when a search leaves it out. */
export const matchPreferencesBodySchema = z.strictObject({
  preferred_languages: z.array(shortText('Language', 40)).max(10),
  preferred_topics: z.array(shortText('Topic', 50)).max(10),
  preferred_listener_min_rating: z.number().min(1).max(5).nullable(),
  avoid_previous_matches: z.boolean(),
});
export type MatchPreferencesBody = z.infer<typeof matchPreferencesBodySchema>;
export const matchPreferencesSchema = matchPreferencesBodySchema.extend({
  updated_at: z.iso.datetime().nullable(),
});
export type MatchPreferences = z.infer<typeof matchPreferencesSchema>;

/** POST /match/request-chat. */
export const requestChatBodySchema = z.strictObject({
  listener_id: z.uuid('listener_id must be a user id'),
  topic: shortText('Topic', 50).optional(),
});
export type RequestChatBody = z.infer<typeof requestChatBodySchema>;

const personSchema = z.object({
  id: z.uuid(),
  pseudonym: z.string(),
  profile_picture_url: z.string().nullable(),
});

export const requestChatResponseSchema = z.object({
  session_id: z.uuid(),
  listener: personSchema,
  topic: z.string().nullable(),
  started_at: z.iso.datetime(),
  status: z.literal('active'),
});
export type RequestChatResponse = z.infer<typeof requestChatResponseSchema>;

/** POST /match/talk-now: one tap, no form. The topic, when given, only ranks listeners. */
export const talkNowBodySchema = z
  .strictObject({ topic: shortText('Topic', 50).optional() })
  .nullish();
export type TalkNowBody = z.input<typeof talkNowBodySchema>;

/** A listener is being asked; they have until `expires_at` to accept. */
const askingSchema = z.object({
  status: z.literal('asking'),
  session_id: z.uuid(),
  listener: personSchema,
  topic: z.string().nullable(),
  expires_at: z.iso.datetime(),
});
/** Nobody is free: the sharer waits in line, first come first served. */
const waitingSchema = z.object({
  status: z.literal('waiting'),
  position: z.number().int().min(1),
  topic: z.string().nullable(),
  joined_at: z.iso.datetime(),
});

/** POST /match/talk-now (201 asking, 202 waiting) and GET /match/waiting-list. */
export const talkNowResponseSchema = z.discriminatedUnion('status', [askingSchema, waitingSchema]);
export type TalkNowResponse = z.infer<typeof talkNowResponseSchema>;

/**
 * `waiting_update`, to the sharer's devices: a listener is asked, the place in line moved, a
 * listener accepted (`connected`), or the sharer is off the list (`left`: by leaving, or `away`
 * after being gone from the page too long).
 */
export const waitingUpdateSchema = z.discriminatedUnion('status', [
  askingSchema,
  waitingSchema,
  z.object({ status: z.literal('connected'), session_id: z.uuid() }),
  z.object({ status: z.literal('left'), reason: z.enum(['left', 'away']) }),
]);
export type WaitingUpdate = z.infer<typeof waitingUpdateSchema>;

/** POST /chat/sessions/:sessionId/decline: the asked listener's Not now. */
export const declineChatResponseSchema = z.object({ message: z.string(), session_id: z.uuid() });

/** GET /chat/sessions/active. */
export const activeSessionSchema = z.union([
  z.object({
    session_id: z.uuid(),
    partner: personSchema.extend({ role: z.enum(['sharer', 'listener']) }),
    topic: z.string().nullable(),
    started_at: z.iso.datetime(),
    user_role: z.enum(['sharer', 'listener']),
  }),
  z.object({ session_id: z.null() }),
]);
export type ActiveSession = z.infer<typeof activeSessionSchema>;

export const sessionParamsSchema = uuidParams('sessionId');

/** POST /chat/sessions/:id/end. */
export const endSessionResponseSchema = z.object({
  message: z.string(),
  session_id: z.uuid(),
  duration_minutes: z.number().int(),
});
export type EndSessionResponse = z.infer<typeof endSessionResponseSchema>;

const stars = z.number().int('Ratings are whole numbers').min(1).max(5);

/** POST /feedback (the listening contract): after an ended session, once per person. */
export const feedbackBodySchema = z.strictObject({
  chat_session_id: z.uuid(),
  rating: stars,
  helpfulness: stars.optional(),
  empathy: stars.optional(),
  safety: stars.optional(),
  comment: z.string().trim().max(500, 'Comments can be at most 500 characters').optional(),
});
export type FeedbackBody = z.input<typeof feedbackBodySchema>;
export const feedbackResponseSchema = z.object({ message: z.string(), feedback_id: z.uuid() });

// Socket events of the listening flow.
export const chatRequestEventSchema = z.object({
  session_id: z.uuid(),
  sharer: z.object({ id: z.uuid(), pseudonym: z.string() }),
  topic: z.string().nullable(),
  /** Asked through talk-now: Accept (join_chat) or Not now before this time. */
  expires_at: z.iso.datetime().optional(),
});
export type ChatRequestEvent = z.infer<typeof chatRequestEventSchema>;

export const chatEndedEventSchema = z.object({
  session_id: z.uuid(),
  ended_by: z.uuid().nullable(),
  feedback_required: z.boolean(),
  /** 'ended' by a member, or 'abandoned' when the listener never joined. */
  reason: z.enum(['ended', 'abandoned']),
});
export type ChatEndedEvent = z.infer<typeof chatEndedEventSchema>;

export const statusChangeSchema = z.strictObject({ availability: listenerAvailabilitySchema });
export const listenerStatusUpdateSchema = z.object({
  listener_id: z.uuid(),
  availability: listenerAvailabilitySchema,
});
export type ListenerStatusUpdate = z.infer<typeof listenerStatusUpdateSchema>;

/** A listener who has not joined a requested chat within this long is released. */
export const LISTENER_JOIN_TIMEOUT_MS = 60_000;
/** A listener with no connected socket for this long stops being offered to sharers. */
export const LISTENER_AWAY_TIMEOUT_MS = 2 * 60_000;

// ── Listener approval (the counselling contract's "counselor approval"): apply, review, suspend ──

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
  ...pageQuery,
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
  listener_availability: listenerAvailabilitySchema,
  ...listenerStatsFields,
  created_at: z.iso.datetime(),
});
export const adminListenersResponseSchema = pagedList('listeners', adminListenerSchema);
export type AdminListener = z.infer<typeof adminListenerSchema>;
export type AdminListenersResponse = z.infer<typeof adminListenersResponseSchema>;

export const adminListenerParamsSchema = uuidParams('userId');

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
