import { z } from 'zod';
import { limits } from './limits';

export const roles = ['sharer', 'listener'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const emailSchema = z
  .string()
  .trim()
  .max(limits.emailMax, `Email must be at most ${limits.emailMax} characters`)
  .pipe(z.email('Enter a valid email address'))
  .transform((email) => email.toLowerCase());

/** Seed 000: at least 8 characters with an uppercase letter, a lowercase letter and a digit. */
export const passwordSchema = z
  .string()
  .min(limits.passwordMin, `Password must be at least ${limits.passwordMin} characters`)
  .max(limits.passwordMax, `Password must be at most ${limits.passwordMax} characters`)
  .regex(/[A-Z]/, 'Password must contain an uppercase letter')
  .regex(/[a-z]/, 'Password must contain a lowercase letter')
  .regex(/[0-9]/, 'Password must contain a number');

/** Seed 000: 3–20 letters, digits or underscores; unique regardless of letter case. */
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

export const messageResponseSchema = z.object({ message: z.string() });
export type MessageResponse = z.infer<typeof messageResponseSchema>;

/** What the web client needs to know before sign-in. */
export const publicConfigSchema = z.object({
  google_client_id: z.string().nullable(),
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;
