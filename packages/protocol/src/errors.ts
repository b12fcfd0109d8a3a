import { z } from 'zod';

/** Stable machine-readable error codes; clients switch on these, never on messages. */
export const errorCodes = [
  'VALIDATION_ERROR',
  'INVALID_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'INVALID_FILE_TYPE',
  'UNAUTHENTICATED',
  'TOKEN_EXPIRED',
  'INVALID_TOKEN',
  'INVALID_CREDENTIALS',
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_REUSED',
  'GOOGLE_NOT_CONFIGURED',
  'GOOGLE_TOKEN_INVALID',
  'ACCOUNT_BANNED',
  'FORBIDDEN',
  'FORBIDDEN_ORIGIN',
  'NOT_A_LISTENER',
  'NOT_A_SHARER',
  'LISTENER_UNAVAILABLE',
  'ALREADY_IN_CHAT',
  'SESSION_NOT_ACTIVE',
  'SESSION_NOT_ENDED',
  'FEEDBACK_ALREADY_SUBMITTED',
  'FEEDBACK_NOT_ALLOWED',
  'NOT_FOUND',
  'NOT_A_MEMBER',
  'CONVERSATION_ENDED',
  'MESSAGE_BLOCKED',
  'EDIT_WINDOW_PASSED',
  'EMAIL_TAKEN',
  'PSEUDONYM_TAKEN',
  'RATE_LIMITED',
  'ADMIN_REQUIRED',
  'CANNOT_BAN_SELF',
  'LISTENER_NOT_APPROVED',
  'GUIDELINES_NOT_ACCEPTED',
  'APPLICATION_NOT_PENDING',
  'SUPPORT_TICKET_CLOSED',
  'MESSAGE_REQUEST_EXISTS',
  'MESSAGE_REQUEST_NOT_ALLOWED',
  'REQUEST_NOT_FOUND',
  'REQUEST_NOT_PENDING',
  'CONVERSATION_NOT_FOUND',
  'MESSAGE_NOT_FOUND',
  'UNAUTHORIZED_ACTION',
  'USER_BLOCKED',
  'CONTENT_TOO_LONG',
  'INVALID_MESSAGE_TYPE',
  'ATTACHMENTS_NOT_ALLOWED',
  'FILE_EMPTY',
  'VOICE_NOTE_TOO_LONG',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** One entry of `details`: which field, and what is wrong with it. */
export const errorDetailSchema = z.object({
  path: z.string(),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

/** The error body, everywhere (DESIGN §7). */
export const errorBodySchema = z.object({
  success: z.literal(false),
  error: z.string(),
  code: z.enum(errorCodes),
  details: z.array(errorDetailSchema).optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
