import { z } from 'zod';

/** What the catalogue holds for one code: the HTTP status it answers with and its usual message. */
export interface ErrorCatalogueEntry {
  status: number;
  message: string;
}

const entry = (status: number, message: string): ErrorCatalogueEntry => ({ status, message });

/**
 * The error catalogue: every code once, with its HTTP status and its default message. The server
 * builds every error from it; a message that names something (a limit, a reason) replaces the
 * default, never the status. A new code is one line here.
 */
export const errorCatalogue = {
  VALIDATION_ERROR: entry(400, 'Some fields are invalid'),
  INVALID_JSON: entry(400, 'The request body is not valid JSON'),
  UNSUPPORTED_MEDIA_TYPE: entry(415, 'This content type is not accepted here'),
  PAYLOAD_TOO_LARGE: entry(413, 'The request is too large'),
  INVALID_FILE_TYPE: entry(400, 'This type of file is not accepted'),
  UNAUTHENTICATED: entry(401, 'Please sign in to continue'),
  TOKEN_EXPIRED: entry(401, 'Your session has expired'),
  INVALID_TOKEN: entry(401, 'Your session is not valid'),
  INVALID_CREDENTIALS: entry(401, 'The email or password is not correct'),
  REFRESH_TOKEN_INVALID: entry(401, 'Your session has ended; please sign in again'),
  REFRESH_TOKEN_REUSED: entry(
    401,
    'This session was already used elsewhere and has been closed for your safety; please sign in again',
  ),
  GOOGLE_NOT_CONFIGURED: entry(400, 'Google sign-in is not available here'),
  GOOGLE_TOKEN_INVALID: entry(401, 'Google sign-in could not be verified'),
  ACCOUNT_BANNED: entry(403, 'This account has been suspended; contact support'),
  LINK_INVALID: entry(400, 'This link has expired or was already used; please ask for a new one'),
  FORBIDDEN: entry(403, 'You are not allowed to do that'),
  FORBIDDEN_ORIGIN: entry(403, 'Requests from this origin are not allowed'),
  NOT_A_LISTENER: entry(403, 'Only listeners can change their availability'),
  NOT_A_SHARER: entry(403, 'Only sharers can look for a listener'),
  LISTENER_UNAVAILABLE: entry(400, 'This listener is no longer available; please choose another'),
  ALREADY_IN_CHAT: entry(409, 'You are already in a chat; end it before starting another'),
  SESSION_NOT_ACTIVE: entry(400, 'This chat has already ended'),
  SESSION_NOT_ENDED: entry(400, 'Feedback can be given once the chat has ended'),
  FEEDBACK_ALREADY_SUBMITTED: entry(400, 'You have already given feedback for this chat'),
  FEEDBACK_NOT_ALLOWED: entry(403, 'Your chat partner has chosen not to receive feedback'),
  NOT_FOUND: entry(404, 'Resource not found'),
  NOT_A_MEMBER: entry(403, 'You are not a member of this conversation'),
  CONVERSATION_ENDED: entry(409, 'This conversation has ended; no new messages can be sent'),
  MESSAGE_BLOCKED: entry(
    422,
    "For your safety, this message can't be sent. Please keep the conversation on Kindred.",
  ),
  EDIT_WINDOW_PASSED: entry(409, 'Messages can only be edited for 15 minutes'),
  EMAIL_TAKEN: entry(409, 'An account with this email already exists'),
  WEAK_PASSWORD: entry(
    400,
    'This password is too common or too easy to guess; choose a longer, less usual one',
  ),
  PSEUDONYM_TAKEN: entry(409, 'This pseudonym is already taken'),
  RATE_LIMITED: entry(429, 'Too many requests; please try again shortly'),
  ADMIN_REQUIRED: entry(403, 'This area is for the Kindred team only'),
  CANNOT_BAN_SELF: entry(400, 'You cannot ban your own account'),
  LISTENER_NOT_APPROVED: entry(
    403,
    'Your listener application has not been approved yet; we will let you know',
  ),
  GUIDELINES_NOT_ACCEPTED: entry(400, 'Please read and accept the listener guidelines first'),
  APPLICATION_NOT_PENDING: entry(409, 'This application has already been decided'),
  SUPPORT_TICKET_CLOSED: entry(409, 'This support conversation has been resolved'),
  PUSH_NOT_CONFIGURED: entry(409, 'Notifications on this device are not available on this server'),
  MESSAGE_REQUEST_EXISTS: entry(
    409,
    'There is already a pending message request between you and this person',
  ),
  MESSAGE_REQUEST_NOT_ALLOWED: entry(
    403,
    'You can message people you had a listening session with in the last 30 days, or listeners who accept requests',
  ),
  REQUEST_NOT_FOUND: entry(404, 'Message request not found'),
  REQUEST_NOT_PENDING: entry(409, 'This message request has already been answered'),
  CONVERSATION_NOT_FOUND: entry(404, 'Conversation not found'),
  MESSAGE_NOT_FOUND: entry(404, 'Message not found'),
  UNAUTHORIZED_ACTION: entry(403, 'You are not allowed to do that'),
  USER_BLOCKED: entry(403, 'You can no longer message this person'),
  CONTENT_TOO_LONG: entry(400, 'This text is too long'),
  INVALID_MESSAGE_TYPE: entry(400, 'This kind of message is not supported here'),
  ATTACHMENTS_NOT_ALLOWED: entry(
    400,
    'Listening chats are text only; files and voice notes can be shared in direct messages',
  ),
  FILE_EMPTY: entry(400, 'The file is empty'),
  VOICE_NOTE_TOO_LONG: entry(400, 'This voice note is too long'),
  STORAGE_QUOTA_EXCEEDED: entry(
    413,
    'You have used all the space for your files; delete some sent files first',
  ),
  RESOURCE_NOT_FOUND: entry(404, 'This resource does not exist or is not available'),
  RESOURCE_EDITOR_REQUIRED: entry(403, 'Approved listeners and the Kindred team write resources'),
  RESOURCE_NOT_EDITABLE: entry(
    409,
    'This resource cannot be changed now; take it back to draft first',
  ),
  INVALID_STATUS_CHANGE: entry(409, 'This resource cannot move to that status'),
  RESOURCE_FILE_MISSING: entry(
    409,
    'Upload the file before sending this resource for review or publishing it',
  ),
  RESOURCE_HAS_NO_FILE: entry(400, 'Articles and links have no file'),
  RANGE_NOT_SATISFIABLE: entry(416, 'The requested range is not in the file'),
  BOOKING_NOT_ALLOWED: entry(
    403,
    'You can book listeners you had a listening session with in the last 30 days, or listeners who take bookings from anyone',
  ),
  SLOT_UNAVAILABLE: entry(400, 'This time is not one the listener offers'),
  SLOT_TAKEN: entry(409, 'This time has just been booked; please choose another'),
  APPOINTMENT_CONFLICT: entry(409, 'You already have a session at this time'),
  APPOINTMENT_CLOSED: entry(409, 'This session was cancelled or has already started'),
  APPOINTMENT_NOT_STARTED: entry(
    409,
    'A session can be marked as held or missed once it has started',
  ),
  SERVER_BUSY: entry(503, 'The server is busy; your message will be sent again in a moment'),
  CHAT_REQUEST_NOT_PENDING: entry(
    409,
    'This chat request has already been answered or has moved on',
  ),
  NOT_WAITING: entry(404, 'You are not on the waiting list'),
  WELLBEING_ITEM_CLOSED: entry(409, 'This wellbeing item is closed'),
  DEBRIEF_NOT_OFFERED: entry(
    409,
    'A debrief note can be written once a chat that raised a concern has ended',
  ),
  INTERNAL_ERROR: entry(500, 'Something went wrong on our side; please try again'),
  SERVICE_UNAVAILABLE: entry(503, 'The service is not ready; please try again shortly'),
} satisfies Record<string, ErrorCatalogueEntry>;

/** Stable machine-readable error codes; clients switch on these, never on messages. */
export type ErrorCode = keyof typeof errorCatalogue;
export const errorCodes = Object.keys(errorCatalogue) as [ErrorCode, ...ErrorCode[]];

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
  /** RATE_LIMITED and SERVER_BUSY: seconds until the budget allows the request (as the Retry-After header). */
  retry_after: z.number().int().optional(),
  /** SERVER_BUSY only: milliseconds to wait before trying again (clients add jitter). */
  retry_after_ms: z.number().int().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
