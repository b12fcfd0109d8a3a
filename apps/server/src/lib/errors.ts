import type { ErrorBody, ErrorCode, ErrorDetail } from '@kindred/protocol';

/** An error a client may see: HTTP status, stable code, plain message. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return {
      success: false,
      error: this.message,
      code: this.code,
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** The catalogue: each error defined once. */
export const errors = {
  validation: (details: ErrorDetail[], message = 'Some fields are invalid') =>
    new AppError(400, 'VALIDATION_ERROR', message, details),
  invalidJson: () => new AppError(400, 'INVALID_JSON', 'The request body is not valid JSON'),
  unsupportedMediaType: () =>
    new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'This content type is not accepted here'),
  payloadTooLarge: (message = 'The request is too large') =>
    new AppError(413, 'PAYLOAD_TOO_LARGE', message),
  invalidFileType: (message: string) => new AppError(400, 'INVALID_FILE_TYPE', message),
  unauthenticated: () => new AppError(401, 'UNAUTHENTICATED', 'Please sign in to continue'),
  tokenExpired: () => new AppError(401, 'TOKEN_EXPIRED', 'Your session has expired'),
  invalidToken: () => new AppError(401, 'INVALID_TOKEN', 'Your session is not valid'),
  invalidCredentials: () =>
    new AppError(401, 'INVALID_CREDENTIALS', 'The email or password is not correct'),
  refreshInvalid: () =>
    new AppError(401, 'REFRESH_TOKEN_INVALID', 'Your session has ended; please sign in again'),
  refreshReused: () =>
    new AppError(
      401,
      'REFRESH_TOKEN_REUSED',
      'This session was already used elsewhere and has been closed for your safety; please sign in again',
    ),
  /** A wrong password when confirming an action: 403, so clients do not mistake it for an expired session. */
  wrongPassword: () =>
    new AppError(403, 'INVALID_CREDENTIALS', 'The password is not correct', [
      { path: 'password', message: 'The password is not correct' },
    ]),
  googleNotConfigured: () =>
    new AppError(400, 'GOOGLE_NOT_CONFIGURED', 'Google sign-in is not available here'),
  googleTokenInvalid: () =>
    new AppError(401, 'GOOGLE_TOKEN_INVALID', 'Google sign-in could not be verified'),
  banned: () =>
    new AppError(403, 'ACCOUNT_BANNED', 'This account has been suspended; contact support'),
  forbidden: (message = 'You are not allowed to do that') =>
    new AppError(403, 'FORBIDDEN', message),
  forbiddenOrigin: () =>
    new AppError(403, 'FORBIDDEN_ORIGIN', 'Requests from this origin are not allowed'),
  notAListener: () =>
    new AppError(403, 'NOT_A_LISTENER', 'Only listeners can change their availability'),
  notFound: (what = 'Resource') => new AppError(404, 'NOT_FOUND', `${what} not found`),
  emailTaken: () =>
    new AppError(409, 'EMAIL_TAKEN', 'An account with this email already exists', [
      { path: 'email', message: 'This email is already registered' },
    ]),
  pseudonymTaken: () =>
    new AppError(409, 'PSEUDONYM_TAKEN', 'This pseudonym is already taken', [
      { path: 'pseudonym', message: 'This pseudonym is already taken' },
    ]),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError(
      429,
      'RATE_LIMITED',
      `Too many requests; try again in ${retryAfterSeconds} seconds`,
      undefined,
      { 'retry-after': String(retryAfterSeconds) },
    ),
  adminRequired: () =>
    new AppError(403, 'ADMIN_REQUIRED', 'This area is for the Kindred team only'),
  cannotBanSelf: () => new AppError(400, 'CANNOT_BAN_SELF', 'You cannot ban your own account'),
  listenerNotApproved: () =>
    new AppError(
      403,
      'LISTENER_NOT_APPROVED',
      'Your listener application has not been approved yet; we will let you know',
    ),
  guidelinesNotAccepted: () =>
    new AppError(
      400,
      'GUIDELINES_NOT_ACCEPTED',
      'Please read and accept the listener guidelines first',
    ),
  applicationNotPending: () =>
    new AppError(409, 'APPLICATION_NOT_PENDING', 'This application has already been decided'),
  supportTicketClosed: () =>
    new AppError(409, 'SUPPORT_TICKET_CLOSED', 'This support conversation has been resolved'),
  messageRequestExists: () =>
    new AppError(
      409,
      'MESSAGE_REQUEST_EXISTS',
      'There is already a pending message request between you and this person',
    ),
  messageRequestNotAllowed: () =>
    new AppError(
      403,
      'MESSAGE_REQUEST_NOT_ALLOWED',
      'You can message people you had a listening session with in the last 30 days, or listeners who accept requests',
    ),
  requestNotFound: () => new AppError(404, 'REQUEST_NOT_FOUND', 'Message request not found'),
  requestNotPending: () =>
    new AppError(409, 'REQUEST_NOT_PENDING', 'This message request has already been answered'),
  conversationNotFound: () => new AppError(404, 'CONVERSATION_NOT_FOUND', 'Conversation not found'),
  messageNotFound: () => new AppError(404, 'MESSAGE_NOT_FOUND', 'Message not found'),
  unauthorizedAction: (message = 'You are not allowed to do that') =>
    new AppError(403, 'UNAUTHORIZED_ACTION', message),
  userBlocked: () => new AppError(403, 'USER_BLOCKED', 'You can no longer message this person'),
  contentTooLong: (max: number) =>
    new AppError(400, 'CONTENT_TOO_LONG', `Keep it to ${max} characters or fewer`, [
      { path: 'content', message: `At most ${max} characters` },
    ]),
  invalidMessageType: (message = 'This kind of message is not supported here') =>
    new AppError(400, 'INVALID_MESSAGE_TYPE', message),
  attachmentsNotAllowed: () =>
    new AppError(
      400,
      'ATTACHMENTS_NOT_ALLOWED',
      'Listening chats are text only; files and voice notes can be shared in direct messages',
    ),
  fileEmpty: () => new AppError(400, 'FILE_EMPTY', 'The file is empty'),
  voiceNoteTooLong: (maxSeconds: number) =>
    new AppError(
      400,
      'VOICE_NOTE_TOO_LONG',
      `Voice notes can be up to ${maxSeconds / 60} minutes long`,
    ),
  internal: () =>
    new AppError(500, 'INTERNAL_ERROR', 'Something went wrong on our side; please try again'),
  unavailable: () =>
    new AppError(503, 'SERVICE_UNAVAILABLE', 'The service is not ready; please try again shortly'),
};
