import { z } from 'zod';
import { listenerAvailabilitySchema } from './users';

const shortText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${label} must not be empty`)
    .max(max, `${label} must be at most ${max} characters`);

/**
 * POST /match/find-listeners (seed 000): every field optional. A field left out takes the saved
 * preference; `null` means "no filter", whatever is saved.
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
  id: z.uuid(),
  pseudonym: z.string(),
  bio: z.string(),
  profile_picture_url: z.string().nullable(),
  languages: z.array(z.string()),
  listener_topics: z.array(z.string()),
  listener_rating: z.number().nullable(),
  listener_total_chats: z.number().int(),
  match_score: z.number(),
});
export type ListenerMatch = z.infer<typeof listenerMatchSchema>;

export const NO_MATCHES_MESSAGE =
  'No available listeners match your preferences right now. Please try again later.';

export const findListenersResponseSchema = z.object({
  matches: z.array(listenerMatchSchema),
  /** Present when there are no matches (seed 000's message). */
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

export const sessionParamsSchema = z.strictObject({
  sessionId: z.uuid('sessionId must be a UUID'),
});

/** POST /chat/sessions/:id/end. */
export const endSessionResponseSchema = z.object({
  message: z.string(),
  session_id: z.uuid(),
  duration_minutes: z.number().int(),
});
export type EndSessionResponse = z.infer<typeof endSessionResponseSchema>;

const stars = z.number().int('Ratings are whole numbers').min(1).max(5);

/** POST /feedback (seed 000): after an ended session, once per person. */
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

export const reportReasons = [
  'harassment',
  'inappropriate',
  'spam',
  'safety_concern',
  'other',
] as const;

/** POST /reports (seed 000). */
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

// Socket events of the listening flow.
export const chatRequestEventSchema = z.object({
  session_id: z.uuid(),
  sharer: z.object({ id: z.uuid(), pseudonym: z.string() }),
  topic: z.string().nullable(),
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
