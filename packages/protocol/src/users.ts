import { z } from 'zod';
import { pseudonymSchema, roleSchema, rolesSchema } from './auth';
import { limits } from './limits';

export const listenerAvailabilities = ['available', 'unavailable', 'in_chat'] as const;
export const listenerAvailabilitySchema = z.enum(listenerAvailabilities);
export type ListenerAvailability = z.infer<typeof listenerAvailabilitySchema>;

const tagSchema = z
  .string()
  .trim()
  .min(1, 'Tags must not be empty')
  .max(limits.tagMax, `Tags must be at most ${limits.tagMax} characters`);
const tagsSchema = z
  .array(tagSchema)
  .max(limits.tagsMax, `At most ${limits.tagsMax} entries`)
  .transform((list) => [...new Set(list)]);

export const privacySettingsSchema = z.object({
  show_profile_picture: z.boolean(),
  allow_feedback: z.boolean(),
  /** Listeners only: people they have not chatted with may send message requests. */
  allow_message_requests: z.boolean(),
  /** Off: neither side of this user's direct chats sees read receipts. */
  read_receipts: z.boolean(),
  /** Off: direct-message partners do not see when this user is online. */
  show_online_status: z.boolean(),
});
export type PrivacySettings = z.infer<typeof privacySettingsSchema>;

/** GET /users/me: everything the user may see about themself. */
export const meSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  pseudonym: z.string(),
  real_name: z.string().nullable(),
  bio: z.string(),
  profile_picture_url: z.string().nullable(),
  roles: z.array(roleSchema),
  interests: z.array(z.string()),
  languages: z.array(z.string()),
  listener_availability: listenerAvailabilitySchema,
  listener_rating: z.number().nullable(),
  listener_total_chats: z.number().int(),
  listener_topics: z.array(z.string()),
  /** Listener approval (seed 001); `none` until the user applies. */
  listener_status: z.enum(['none', 'pending', 'approved', 'rejected', 'suspended']),
  privacy_settings: privacySettingsSchema,
  is_admin: z.boolean(),
  auth_provider: z.enum(['password', 'google']),
  created_at: z.iso.datetime(),
});
export type Me = z.infer<typeof meSchema>;

/** PATCH /users/me: every field optional; unknown fields are refused. */
export const updateMeBodySchema = z.strictObject({
  pseudonym: pseudonymSchema.optional(),
  real_name: z
    .string()
    .trim()
    .max(limits.realNameMax, `Real name must be at most ${limits.realNameMax} characters`)
    .nullable()
    .optional(),
  bio: z.string().max(limits.bioMax, `Bio must be at most ${limits.bioMax} characters`).optional(),
  roles: rolesSchema.optional(),
  interests: tagsSchema.optional(),
  languages: tagsSchema.optional(),
  listener_topics: tagsSchema.optional(),
  privacy_settings: z.strictObject(privacySettingsSchema.partial().shape).optional(),
});
export type UpdateMeBody = z.input<typeof updateMeBodySchema>;
/** The update after parsing: trimmed, tags de-duplicated. */
export type UpdateMe = z.output<typeof updateMeBodySchema>;

export const availabilityBodySchema = z.strictObject({ availability: listenerAvailabilitySchema });
export type AvailabilityBody = z.infer<typeof availabilityBodySchema>;
export const availabilityResponseSchema = z.object({
  listener_availability: listenerAvailabilitySchema,
});

export const avatarResponseSchema = z.object({ profile_picture_url: z.string() });
export type AvatarResponse = z.infer<typeof avatarResponseSchema>;

/** GET /users/:id: what another user may see. Never email, never real name. */
export const publicProfileSchema = z.object({
  id: z.uuid(),
  pseudonym: z.string(),
  bio: z.string(),
  profile_picture_url: z.string().nullable(),
  roles: z.array(roleSchema),
  languages: z.array(z.string()),
  listener_topics: z.array(z.string()),
  listener_availability: listenerAvailabilitySchema.nullable(),
  listener_rating: z.number().nullable(),
  listener_total_chats: z.number().int(),
});
export type PublicProfile = z.infer<typeof publicProfileSchema>;

export const userIdParamsSchema = z.strictObject({ id: z.uuid('User id must be a UUID') });

/** DELETE /users/me: password users confirm with their password; Google users type DELETE. */
export const deleteMeBodySchema = z.strictObject({
  password: z.string().min(1).max(limits.passwordMax).optional(),
  confirm: z.literal('DELETE').optional(),
});
export type DeleteMeBody = z.infer<typeof deleteMeBodySchema>;

export const exportSchema = z.object({
  exported_at: z.iso.datetime(),
  profile: meSchema,
  sessions: z.array(
    z.object({
      created_at: z.iso.datetime(),
      expires_at: z.iso.datetime(),
      revoked_at: z.iso.datetime().nullable(),
      user_agent: z.string().nullable(),
    }),
  ),
});
export type Export = z.infer<typeof exportSchema>;

/** POST /users/:id/block (seed 004). */
export const blockBodySchema = z
  .strictObject({ reason: z.string().trim().max(100, 'At most 100 characters').optional() })
  .nullish();
/** Seed 004 wraps this answer: `{ success: true, data: { message } }`. */
export const blockResponseSchema = z.object({
  success: z.literal(true),
  data: z.object({ message: z.string() }),
});
