// Identity: accounts, sign-in and tokens, profiles and avatars.
import { z } from 'zod';
import { timeZoneSchema } from './appointments';
import { limits } from './limits';
import { listenerAvailabilitySchema, listenerStatusSchema } from './listening';
import { listenerStatsFields, profileCardFields, uuidParams } from './schema-builders';

export const roles = ['sharer', 'listener'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const emailSchema = z
  .string()
  .trim()
  .max(limits.emailMax, `Email must be at most ${limits.emailMax} characters`)
  .pipe(z.email('Enter a valid email address'))
  .transform((email) => email.toLowerCase());

/**
 * The listening contract: at least 8 characters with an uppercase letter, a lowercase letter and a
 * digit.
 */
export const passwordSchema = z
  .string()
  .min(limits.passwordMin, `Password must be at least ${limits.passwordMin} characters`)
  .max(limits.passwordMax, `Password must be at most ${limits.passwordMax} characters`)
  .regex(/[A-Z]/, 'Password must contain an uppercase letter')
  .regex(/[a-z]/, 'Password must contain a lowercase letter')
  .regex(/[0-9]/, 'Password must contain a number');

/**
 * The listening contract: 3–20 letters, digits or underscores; unique regardless of letter case.
 */
export const pseudonymSchema = z
  .string()
  .trim()
  .min(limits.pseudonymMin, `Pseudonym must be at least ${limits.pseudonymMin} characters`)
  .max(limits.pseudonymMax, `Pseudonym must be at most ${limits.pseudonymMax} characters`)
  .regex(/^[A-Za-z0-9_]+$/, 'Pseudonym may contain only letters, digits and underscores');

export const rolesSchema = z
  .array(roleSchema)
  .min(1, 'Choose at least one role')
  .max(2)
  .refine((list) => new Set(list).size === list.length, 'Roles must not repeat');

export const registerBodySchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  pseudonym: pseudonymSchema,
  roles: rolesSchema,
  /** The person confirms they are at least the minimum age (`min_age` of GET /config). */
  age_confirmed: z.literal(true, 'Please confirm that you are old enough to use Kindred'),
  /** Optional, and never shown to anyone. */
  real_name: z.string().trim().max(100, 'Real name must be at most 100 characters').optional(),
});
export type RegisterBody = z.input<typeof registerBodySchema>;

export const loginBodySchema = z.strictObject({
  email: emailSchema,
  // Login never tells which rule a wrong password breaks: only that it is present.
  password: z.string().min(1, 'Enter your password').max(limits.passwordMax),
});
export type LoginBody = z.input<typeof loginBodySchema>;

export const googleBodySchema = z.strictObject({
  credential: z.string().min(1, 'credential is required').max(8192),
});
export type GoogleBody = z.infer<typeof googleBodySchema>;

/** Browsers send the refresh token as a cookie; other clients may send it in the body. */
export const refreshBodySchema = z
  .strictObject({ refresh_token: z.string().min(1).max(512).optional() })
  .nullish();

/** The part of a user that the user themself sees after sign-in. */
export const sessionUserSchema = z.object({
  id: z.uuid(),
  pseudonym: z.string(),
  roles: z.array(roleSchema),
  profile_picture_url: z.string().nullable(),
  is_admin: z.boolean(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const registerResponseSchema = z.object({
  message: z.string(),
  user: z.object({
    id: z.uuid(),
    email: z.string(),
    pseudonym: z.string(),
    roles: z.array(roleSchema),
  }),
});
export type RegisterResponse = z.infer<typeof registerResponseSchema>;

export const loginResponseSchema = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  user: sessionUserSchema,
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const refreshResponseSchema = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
});
export type RefreshResponse = z.infer<typeof refreshResponseSchema>;

/** Socket `reauthenticate`: a fresh access token for the open socket (same user). */
export const reauthenticateSchema = z.strictObject({ token: z.string().min(1).max(4096) });
export type Reauthenticate = z.infer<typeof reauthenticateSchema>;
/** Socket `token_expiring`: answer with `reauthenticate` before `expires_at`, or be disconnected. */
export const tokenExpiringEventSchema = z.object({ expires_at: z.iso.datetime() });
export type TokenExpiringEvent = z.infer<typeof tokenExpiringEventSchema>;
/** Socket `session_ended`: sent just before the server disconnects a socket whose session ended. */
export const sessionEndedEventSchema = z.object({
  reason: z.enum(['logged_out', 'revoked', 'account_deleted', 'expired']),
});
export type SessionEndedEvent = z.infer<typeof sessionEndedEventSchema>;

export const messageResponseSchema = z.object({ message: z.string() });
export type MessageResponse = z.infer<typeof messageResponseSchema>;

/** What the web client needs to know before sign-in. */
export const publicConfigSchema = z.object({
  google_client_id: z.string().nullable(),
  /** The minimum age to use Kindred (MIN_AGE); sign-up asks the person to confirm it. */
  min_age: z.number().int(),
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;

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
  ...listenerStatsFields,
  listener_topics: z.array(z.string()),
  /** Listener approval (the counselling contract); `none` until the user applies. */
  listener_status: listenerStatusSchema,
  privacy_settings: privacySettingsSchema,
  is_admin: z.boolean(),
  auth_provider: z.enum(['password', 'google']),
  /** The e-mail address is confirmed (password reset and e-mail notifications need it). */
  email_verified: z.boolean(),
  created_at: z.iso.datetime(),
  /** The IANA zone every time is shown in; null: not chosen (the browser's zone is used). */
  time_zone: z.string().nullable(),
  /** ISO 3166-1 alpha-2 country chosen by the user (names their help line); null: not chosen. */
  country: z.string().nullable(),
});
export type Me = z.infer<typeof meSchema>;

/** A country as two capital letters (ISO 3166-1 alpha-2), e.g. GB. */
export const countrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'country must be a two-letter country code such as GB or US');

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
  time_zone: timeZoneSchema.nullable().optional(),
  country: countrySchema.nullable().optional(),
});
export type UpdateMeBody = z.input<typeof updateMeBodySchema>;
/** The update after parsing: trimmed, tags de-duplicated. */
export type UpdateMe = z.output<typeof updateMeBodySchema>;

export const avatarResponseSchema = z.object({ profile_picture_url: z.string() });
export type AvatarResponse = z.infer<typeof avatarResponseSchema>;

/** GET /users/:id: what another user may see. Never email, never real name. */
export const publicProfileSchema = z.object({
  ...profileCardFields,
  roles: z.array(roleSchema),
  languages: z.array(z.string()),
  listener_topics: z.array(z.string()),
  listener_availability: listenerAvailabilitySchema.nullable(),
  ...listenerStatsFields,
});
export type PublicProfile = z.infer<typeof publicProfileSchema>;

export const userIdParamsSchema = uuidParams('id', 'User id must be a UUID');

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
