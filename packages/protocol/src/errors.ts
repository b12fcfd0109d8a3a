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
  'WEAK_PASSWORD',
  'PSEUDONYM_TAKEN',
  'RATE_LIMITED',
  'ADMIN_REQUIRED',
  'CANNOT_BAN_SELF',
  'LISTENER_NOT_APPROVED',
  'GUIDELINES_NOT_ACCEPTED',
  'APPLICATION_NOT_PENDING',
  'SUPPORT_TICKET_CLOSED',
  'PUSH_NOT_CONFIGURED',
  'MESSAGE_REQUEST_EXISTS',
  'MESSAGE_REQUEST_NOT_ALLOWED',
  'REQUEST_NOT_FOUND',
  'REQUEST_NOT_PENDING',
  'CONVERSATION_NOT_FOUND',
  'MESSAGE_NOT_FOUND',
  'WELLBEING_ITEM_CLOSED',
  'UNAUTHORIZED_ACTION',
  'USER_BLOCKED',
  'CONTENT_TOO_LONG',
  'INVALID_MESSAGE_TYPE',
  'ATTACHMENTS_NOT_ALLOWED',
  'FILE_EMPTY',
  'VOICE_NOTE_TOO_LONG',
  'STORAGE_QUOTA_EXCEEDED',
  'RESOURCE_NOT_FOUND',
  'RESOURCE_EDITOR_REQUIRED',
  'RESOURCE_NOT_EDITABLE',
  'INVALID_STATUS_CHANGE',
  'RESOURCE_FILE_MISSING',
  'RESOURCE_HAS_NO_FILE',
  'RANGE_NOT_SATISFIABLE',
  'BOOKING_NOT_ALLOWED',
  'SLOT_UNAVAILABLE',
  'SLOT_TAKEN',
  'APPOINTMENT_CONFLICT',
  'APPOINTMENT_CLOSED',
  'APPOINTMENT_NOT_STARTED',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** What the catalogue holds for one code: the HTTP status it answers with and its usual message. */
export interface ErrorCatalogueEntry {
  status: number;
  message: string;
}

/**
 * The error catalogue: every code once, with its HTTP status and its default message. The server
 * builds every error from it; a message that names something (a limit, a reason) replaces the
 * default, never the status.
 */
export const errorCatalogue = {
  VALIDATION_ERROR: { status: 400, message: 'Some fields are invalid' },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'This content type is not accepted here' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request is too large' },
  INVALID_FILE_TYPE: { status: 400, message: 'This type of file is not accepted' },
  UNAUTHENTICATED: { status: 401, message: 'Please sign in to continue' },
  TOKEN_EXPIRED: { status: 401, message: 'Your session has expired' },
  INVALID_TOKEN: { status: 401, message: 'Your session is not valid' },
  INVALID_CREDENTIALS: { status: 401, message: 'The email or password is not correct' },
  REFRESH_TOKEN_INVALID: {
    status: 401,
    message: 'Your session has ended; please sign in again',
  },
  REFRESH_TOKEN_REUSED: {
    status: 401,
    message:
      'This session was already used elsewhere and has been closed for your safety; please sign in again',
  },
  GOOGLE_NOT_CONFIGURED: { status: 400, message: 'Google sign-in is not available here' },
  GOOGLE_TOKEN_INVALID: { status: 401, message: 'Google sign-in could not be verified' },
  ACCOUNT_BANNED: { status: 403, message: 'This account has been suspended; contact support' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do that' },
  FORBIDDEN_ORIGIN: { status: 403, message: 'Requests from this origin are not allowed' },
  NOT_A_LISTENER: { status: 403, message: 'Only listeners can change their availability' },
  NOT_A_SHARER: { status: 403, message: 'Only sharers can look for a listener' },
  LISTENER_UNAVAILABLE: {
    status: 400,
    message: 'This listener is no longer available; please choose another',
  },
  ALREADY_IN_CHAT: {
    status: 409,
    message: 'You are already in a chat; end it before starting another',
  },
  SESSION_NOT_ACTIVE: { status: 400, message: 'This chat has already ended' },
  SESSION_NOT_ENDED: { status: 400, message: 'Feedback can be given once the chat has ended' },
  FEEDBACK_ALREADY_SUBMITTED: {
    status: 400,
    message: 'You have already given feedback for this chat',
  },
  FEEDBACK_NOT_ALLOWED: {
    status: 403,
    message: 'Your chat partner has chosen not to receive feedback',
  },
  NOT_FOUND: { status: 404, message: 'Resource not found' },
  NOT_A_MEMBER: { status: 403, message: 'You are not a member of this conversation' },
  CONVERSATION_ENDED: {
    status: 409,
    message: 'This conversation has ended; no new messages can be sent',
  },
  MESSAGE_BLOCKED: {
    status: 422,
    message:
      "For your safety, this message can't be sent. Please keep the conversation on Kindred.",
  },
  EDIT_WINDOW_PASSED: { status: 409, message: 'Messages can only be edited for 15 minutes' },
  EMAIL_TAKEN: { status: 409, message: 'An account with this email already exists' },
  WEAK_PASSWORD: {
    status: 400,
    message: 'This password is too common or too easy to guess; choose a longer, less usual one',
  },
  PSEUDONYM_TAKEN: { status: 409, message: 'This pseudonym is already taken' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; please try again shortly' },
  ADMIN_REQUIRED: { status: 403, message: 'This area is for the Kindred team only' },
  CANNOT_BAN_SELF: { status: 400, message: 'You cannot ban your own account' },
  LISTENER_NOT_APPROVED: {
    status: 403,
    message: 'Your listener application has not been approved yet; we will let you know',
  },
  GUIDELINES_NOT_ACCEPTED: {
    status: 400,
    message: 'Please read and accept the listener guidelines first',
  },
  APPLICATION_NOT_PENDING: { status: 409, message: 'This application has already been decided' },
  SUPPORT_TICKET_CLOSED: { status: 409, message: 'This support conversation has been resolved' },
  PUSH_NOT_CONFIGURED: {
    status: 409,
    message: 'Notifications on this device are not available on this server',
  },
  MESSAGE_REQUEST_EXISTS: {
    status: 409,
    message: 'There is already a pending message request between you and this person',
  },
  MESSAGE_REQUEST_NOT_ALLOWED: {
    status: 403,
    message:
      'You can message people you had a listening session with in the last 30 days, or listeners who accept requests',
  },
  REQUEST_NOT_FOUND: { status: 404, message: 'Message request not found' },
  REQUEST_NOT_PENDING: { status: 409, message: 'This message request has already been answered' },
  CONVERSATION_NOT_FOUND: { status: 404, message: 'Conversation not found' },
  MESSAGE_NOT_FOUND: { status: 404, message: 'Message not found' },
  UNAUTHORIZED_ACTION: { status: 403, message: 'You are not allowed to do that' },
  USER_BLOCKED: { status: 403, message: 'You can no longer message this person' },
  CONTENT_TOO_LONG: { status: 400, message: 'This text is too long' },
  INVALID_MESSAGE_TYPE: { status: 400, message: 'This kind of message is not supported here' },
  ATTACHMENTS_NOT_ALLOWED: {
    status: 400,
    message:
      'Listening chats are text only; files and voice notes can be shared in direct messages',
  },
  FILE_EMPTY: { status: 400, message: 'The file is empty' },
  VOICE_NOTE_TOO_LONG: { status: 400, message: 'This voice note is too long' },
  STORAGE_QUOTA_EXCEEDED: {
    status: 413,
    message: 'You have used all the space for your files; delete some sent files first',
  },
  RESOURCE_NOT_FOUND: { status: 404, message: 'This resource does not exist or is not available' },
  RESOURCE_EDITOR_REQUIRED: {
    status: 403,
    message: 'Approved listeners and the Kindred team write resources',
  },
  RESOURCE_NOT_EDITABLE: {
    status: 409,
    message: 'This resource cannot be changed now; take it back to draft first',
  },
  INVALID_STATUS_CHANGE: { status: 409, message: 'This resource cannot move to that status' },
  RESOURCE_FILE_MISSING: {
    status: 409,
    message: 'Upload the file before sending this resource for review or publishing it',
  },
  RESOURCE_HAS_NO_FILE: { status: 400, message: 'Articles and links have no file' },
  RANGE_NOT_SATISFIABLE: { status: 416, message: 'The requested range is not in the file' },
  BOOKING_NOT_ALLOWED: {
    status: 403,
    message:
      'You can book listeners you had a listening session with in the last 30 days, or listeners who take bookings from anyone',
  },
  SLOT_UNAVAILABLE: { status: 400, message: 'This time is not one the listener offers' },
  SLOT_TAKEN: {
    status: 409,
    message: 'This time has just been booked; please choose another',
  },
  APPOINTMENT_CONFLICT: { status: 409, message: 'You already have a session at this time' },
  APPOINTMENT_CLOSED: {
    status: 409,
    message: 'This session was cancelled or has already started',
  },
  APPOINTMENT_NOT_STARTED: {
    status: 409,
    message: 'A session can be marked as held or missed once it has started',
  },
  WELLBEING_ITEM_CLOSED: {
    status: 409,
    message: 'This wellbeing item is closed',
  },
  INTERNAL_ERROR: { status: 500, message: 'Something went wrong on our side; please try again' },
  SERVICE_UNAVAILABLE: {
    status: 503,
    message: 'The service is not ready; please try again shortly',
  },
} as const satisfies Record<ErrorCode, ErrorCatalogueEntry>;

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
  /** RATE_LIMITED only: seconds until the budget allows the request (as the Retry-After header). */
  retry_after: z.number().int().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
