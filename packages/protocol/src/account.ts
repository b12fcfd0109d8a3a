// Account recovery and security: password reset, address verification, password change,
// signed-in devices (OWASP Forgot Password and Authentication cheat sheets).
import { z } from 'zod';
import { emailSchema, passwordSchema } from './identity';
import { uuidParams } from './schema-builders';

/** A link token as mailed: 256 random bits, base64url. */
const linkTokenSchema = z
  .string()
  .trim()
  .min(20, 'This link is not valid')
  .max(200, 'This link is not valid');

/** POST /auth/forgot-password: always 202, whether or not the address has an account. */
export const forgotPasswordBodySchema = z.strictObject({ email: emailSchema });
export type ForgotPasswordBody = z.input<typeof forgotPasswordBodySchema>;

/** POST /auth/reset-password: the mailed token and the new password. */
export const resetPasswordBodySchema = z.strictObject({
  token: linkTokenSchema,
  password: passwordSchema,
});
export type ResetPasswordBody = z.input<typeof resetPasswordBodySchema>;

/** POST /auth/verify-email: the mailed token (verification or a change of address). */
export const verifyEmailBodySchema = z.strictObject({ token: linkTokenSchema });
export type VerifyEmailBody = z.input<typeof verifyEmailBodySchema>;

/** POST /auth/change-password: the current password is required. */
export const changePasswordBodySchema = z.strictObject({
  current_password: z.string().min(1, 'Enter your current password').max(200),
  new_password: passwordSchema,
});
export type ChangePasswordBody = z.input<typeof changePasswordBodySchema>;

/** One signed-in device (a sign-in and every refresh that followed it). */
export const deviceSessionSchema = z.object({
  id: z.uuid(),
  /** "Firefox on Linux"; "Unknown device" when the browser did not say. */
  device: z.string(),
  signed_in_at: z.iso.datetime(),
  last_seen_at: z.iso.datetime(),
  current: z.boolean(),
});
export type DeviceSession = z.infer<typeof deviceSessionSchema>;

/** GET /users/me/sessions */
export const deviceSessionsResponseSchema = z.object({ sessions: z.array(deviceSessionSchema) });
export type DeviceSessionsResponse = z.infer<typeof deviceSessionsResponseSchema>;

/** DELETE /users/me/sessions/:id */
export const deviceSessionParamsSchema = uuidParams('id', 'Session id must be a UUID');

/** DELETE /users/me/sessions: how many other devices were signed out. */
export const revokeSessionsResponseSchema = z.object({ revoked: z.number().int() });

/** POST /auth/verify-email: the address now confirmed. */
export const verifyEmailResponseSchema = z.object({ email: z.string() });

/** POST /auth/change-email: confirmed by a link sent to the new address. */
export const changeEmailBodySchema = z.strictObject({
  email: emailSchema,
  password: z.string().max(200).default(''),
});
export type ChangeEmailBody = z.input<typeof changeEmailBodySchema>;
