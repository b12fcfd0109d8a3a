// The wellbeing queue (issue 14): supportive follow-up of crisis wording and escalations, apart
// from punitive moderation. docs/SAFETY.md says how items are made and ordered.
import { z } from 'zod';
import { uuidParams } from './schema-builders';

export const wellbeingStates = ['open', 'acknowledged', 'closed'] as const;

export const wellbeingActionSchema = z.object({
  kind: z.enum(['check_in', 'resource', 'note', 'debrief']),
  body: z.string(),
  admin_id: z.uuid().nullable(),
  created_at: z.iso.datetime(),
});
export type WellbeingAction = z.infer<typeof wellbeingActionSchema>;

export const wellbeingItemSchema = z.object({
  id: z.uuid(),
  /** 3 urgent (someone in the chat asked for help), 2 high (self-harm wording). */
  severity: z.number().int(),
  category: z.string(),
  /** The classifier rule that matched, for a flag. */
  rule: z.string().nullable(),
  source: z.enum(['flag', 'escalation']),
  session_id: z.uuid().nullable(),
  message_id: z.uuid().nullable(),
  /** Whose wellbeing it is about. */
  user_id: z.uuid().nullable(),
  user_pseudonym: z.string().nullable(),
  raised_by: z.uuid().nullable(),
  flagged_text: z.string().nullable(),
  state: z.enum(wellbeingStates),
  acknowledged_by: z.uuid().nullable(),
  acknowledged_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
  actions: z.array(wellbeingActionSchema),
});
export type WellbeingItem = z.infer<typeof wellbeingItemSchema>;

/** GET /admin/wellbeing: open and acknowledged items by default, most severe then oldest first. */
export const wellbeingQuerySchema = z.strictObject({
  state: z.enum([...wellbeingStates, 'active']).default('active'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** `next_cursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'cursor must be a next_cursor from the previous page')
    .optional(),
});
export type WellbeingQuery = z.input<typeof wellbeingQuerySchema>;
export const wellbeingListSchema = z.object({
  items: z.array(wellbeingItemSchema),
  next_cursor: z.string().nullable(),
});
export type WellbeingList = z.infer<typeof wellbeingListSchema>;

export const wellbeingItemParamsSchema = uuidParams('itemId');
const text = (max: number) =>
  z.string().trim().min(1, 'Write a few words').max(max, `At most ${max} characters`);
/** POST /admin/wellbeing/:itemId/check-in: a message the person sees at once. */
export const wellbeingCheckInBodySchema = z.strictObject({
  text: text(1000),
  /** A resource to offer with it (a help line's page, a library item). */
  resource_url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
});
export type WellbeingCheckInBody = z.input<typeof wellbeingCheckInBodySchema>;
/** POST /admin/wellbeing/:itemId/note and /close (the note is optional there). */
export const wellbeingNoteBodySchema = z.strictObject({ text: text(2000) });
export const wellbeingCloseBodySchema = z.strictObject({ text: text(2000).optional() }).nullish();
export const wellbeingItemResponseSchema = z.object({ item: wellbeingItemSchema });

/** POST /chat/sessions/:sessionId/escalate (the sharer or the listener of that chat). */
export const escalateParamsSchema = uuidParams('sessionId');
export const escalateBodySchema = z.strictObject({ note: text(500).optional() }).nullish();
export const escalateResponseSchema = z.object({ message: z.string(), item_id: z.uuid() });

/** POST /listeners/me/pause: unavailable for a while after a heavy chat. */
export const listenerPauseBodySchema = z.strictObject({
  minutes: z.number().int().min(5, 'At least 5 minutes').max(240, 'At most 4 hours'),
});
export const listenerPauseResponseSchema = z.object({ paused_until: z.iso.datetime() });

/** `safety_alert`: a new or urgent wellbeing item, to every signed-in team member. */
export type SafetyAlertEvent = WellbeingItem;
export const safetyAlertEventSchema = wellbeingItemSchema;
/** `wellbeing_check_in`: a message from the team to the person it is about. */
export const wellbeingCheckInEventSchema = z.object({
  item_id: z.uuid(),
  session_id: z.uuid().nullable(),
  text: z.string(),
  resource_url: z.string().nullable(),
  sent_at: z.iso.datetime(),
});
export type WellbeingCheckInEvent = z.infer<typeof wellbeingCheckInEventSchema>;

/**
 * `safety_guidance`: a message in a chat suggested risk (self-harm wording, by either member), to
 * the chat's listener only — never to the sharer — so they can be shown how to respond.
 */
export const safetyGuidanceEventSchema = z.object({
  session_id: z.uuid(),
  message_id: z.uuid(),
  category: z.string(),
  /** Whose wording it was: the sharer's, or the listener's own. */
  from: z.enum(['sharer', 'listener']),
});
export type SafetyGuidanceEvent = z.infer<typeof safetyGuidanceEventSchema>;

/** POST /chat/sessions/:sessionId/debrief: the listener's private note after a heavy chat. */
export const debriefParamsSchema = uuidParams('sessionId');
export const debriefBodySchema = z.strictObject({ text: text(2000) });
export const debriefSchema = z.object({ text: z.string(), created_at: z.iso.datetime() });
export type Debrief = z.infer<typeof debriefSchema>;
/** GET answers `debrief: null` before one is written. */
export const debriefResponseSchema = z.object({ debrief: debriefSchema.nullable() });
