import {
  errorCatalogue,
  type ErrorBody,
  type ErrorCode,
  type ErrorDetail,
} from '@kindred/protocol';

/** An error a client may see: HTTP status, stable code, plain message. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
    /** SERVER_BUSY: how long the client should wait before trying again. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    const retryAfter = this.headers?.['retry-after'];
    return {
      success: false,
      error: this.message,
      code: this.code,
      ...(this.details ? { details: this.details } : {}),
      ...(retryAfter ? { retry_after: Number(retryAfter) } : {}),
      ...(this.retryAfterMs !== undefined ? { retry_after_ms: this.retryAfterMs } : {}),
    };
  }
}

/** Builds an error without capturing a stack trace (for answers given at a high rate). */
function withoutStack<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** An error as the catalogue defines it: its status, and its default message unless given one. */
function catalogued(
  code: ErrorCode,
  message: string = errorCatalogue[code].message,
  details?: ErrorDetail[],
  headers?: Record<string, string>,
): AppError {
  return new AppError(errorCatalogue[code].status, code, message, details, headers);
}

/**
 * Every error the server answers with, built from the protocol's catalogue (status, default
 * message). Features throw these; they never make an AppError of their own.
 */
export const errors = {
  validation: (details: ErrorDetail[], message?: string) =>
    catalogued('VALIDATION_ERROR', message, details),
  invalidJson: () => catalogued('INVALID_JSON'),
  unsupportedMediaType: () => catalogued('UNSUPPORTED_MEDIA_TYPE'),
  payloadTooLarge: (message?: string) => catalogued('PAYLOAD_TOO_LARGE', message),
  invalidFileType: (message: string) => catalogued('INVALID_FILE_TYPE', message),
  /**
   * A client error the web framework raised itself (a bad header, a wrong method): it keeps the
   * framework's status and message, and takes the nearest code.
   */
  frameworkClientError: (status: number, message: string) =>
    new AppError(status, status === 404 ? 'NOT_FOUND' : 'VALIDATION_ERROR', message),
  unauthenticated: () => catalogued('UNAUTHENTICATED'),
  tokenExpired: () => catalogued('TOKEN_EXPIRED'),
  invalidToken: () => catalogued('INVALID_TOKEN'),
  invalidCredentials: () => catalogued('INVALID_CREDENTIALS'),
  refreshInvalid: () => catalogued('REFRESH_TOKEN_INVALID'),
  refreshReused: () => catalogued('REFRESH_TOKEN_REUSED'),
  /** A wrong password when confirming an action: 403, so clients do not mistake it for an expired session. */
  wrongPassword: () =>
    new AppError(403, 'INVALID_CREDENTIALS', 'The password is not correct', [
      { path: 'password', message: 'The password is not correct' },
    ]),
  googleNotConfigured: () => catalogued('GOOGLE_NOT_CONFIGURED'),
  googleTokenInvalid: () => catalogued('GOOGLE_TOKEN_INVALID'),
  banned: () => catalogued('ACCOUNT_BANNED'),
  /** A mailed reset or verification link that is unknown, used or expired. */
  linkInvalid: () => catalogued('LINK_INVALID'),
  forbidden: (message?: string) => catalogued('FORBIDDEN', message),
  forbiddenOrigin: () => catalogued('FORBIDDEN_ORIGIN'),
  notAListener: () => catalogued('NOT_A_LISTENER'),
  notASharer: () => catalogued('NOT_A_SHARER'),
  listenerUnavailable: () => catalogued('LISTENER_UNAVAILABLE'),
  alreadyInChat: () => catalogued('ALREADY_IN_CHAT'),
  sessionNotActive: () => catalogued('SESSION_NOT_ACTIVE'),
  sessionNotEnded: () => catalogued('SESSION_NOT_ENDED'),
  feedbackAlreadySubmitted: () => catalogued('FEEDBACK_ALREADY_SUBMITTED'),
  feedbackNotAllowed: () => catalogued('FEEDBACK_NOT_ALLOWED'),
  notFound: (what = 'Resource') => catalogued('NOT_FOUND', `${what} not found`),
  /** Someone who is not in the conversation (or session) asked for it. */
  notAMember: (message?: string) => catalogued('NOT_A_MEMBER', message),
  conversationEnded: (message?: string) => catalogued('CONVERSATION_ENDED', message),
  /** Moderation refused the text; the reason says what to change. */
  messageBlocked: (reason: string) => catalogued('MESSAGE_BLOCKED', reason),
  editWindowPassed: () => catalogued('EDIT_WINDOW_PASSED'),
  weakPassword: (hint?: string) =>
    catalogued('WEAK_PASSWORD', undefined, [
      {
        path: 'password',
        message: hint
          ? `${hint} Choose a longer, less usual password.`
          : 'Choose a longer, less usual password.',
      },
    ]),
  emailTaken: () =>
    catalogued('EMAIL_TAKEN', undefined, [
      { path: 'email', message: 'This email is already registered' },
    ]),
  pseudonymTaken: () =>
    catalogued('PSEUDONYM_TAKEN', undefined, [
      { path: 'pseudonym', message: 'This pseudonym is already taken' },
    ]),
  /**
   * This node is at capacity: refused at once, to be retried after `retryAfterMs` (with jitter).
   * Under overload it is answered thousands of times a second and its stack is never read, so
   * none is captured (capturing one was 4 % of the node's CPU in the send benchmark).
   */
  serverBusy: (retryAfterMs: number) =>
    withoutStack(
      () =>
        new AppError(
          errorCatalogue.SERVER_BUSY.status,
          'SERVER_BUSY',
          errorCatalogue.SERVER_BUSY.message,
          undefined,
          { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
          retryAfterMs,
        ),
    ),
  rateLimited: (retryAfterSeconds: number, what = 'Too many requests') =>
    catalogued('RATE_LIMITED', `${what}; try again in ${retryAfterSeconds} seconds`, undefined, {
      'retry-after': String(retryAfterSeconds),
    }),
  adminRequired: () => catalogued('ADMIN_REQUIRED'),
  cannotBanSelf: () => catalogued('CANNOT_BAN_SELF'),
  listenerNotApproved: () => catalogued('LISTENER_NOT_APPROVED'),
  guidelinesNotAccepted: () => catalogued('GUIDELINES_NOT_ACCEPTED'),
  applicationNotPending: (message?: string) => catalogued('APPLICATION_NOT_PENDING', message),
  supportTicketClosed: () => catalogued('SUPPORT_TICKET_CLOSED'),
  pushNotConfigured: () => catalogued('PUSH_NOT_CONFIGURED'),
  /** A pending request already links the two; its id, when known, goes in the details. */
  messageRequestExists: (requestId?: string) =>
    catalogued(
      'MESSAGE_REQUEST_EXISTS',
      undefined,
      requestId === undefined ? undefined : [{ path: 'request_id', message: requestId }],
    ),
  /** The two already have a direct conversation: the sender is pointed to it. */
  directConversationExists: (conversationId: string) =>
    catalogued(
      'MESSAGE_REQUEST_EXISTS',
      'You already have a conversation with this person; send your message there',
      [{ path: 'conversation_id', message: conversationId }],
    ),
  messageRequestNotAllowed: () => catalogued('MESSAGE_REQUEST_NOT_ALLOWED'),
  requestNotFound: () => catalogued('REQUEST_NOT_FOUND'),
  requestNotPending: () => catalogued('REQUEST_NOT_PENDING'),
  chatRequestNotPending: () => catalogued('CHAT_REQUEST_NOT_PENDING'),
  notWaiting: () => catalogued('NOT_WAITING'),
  conversationNotFound: () => catalogued('CONVERSATION_NOT_FOUND'),
  wellbeingItemClosed: () => catalogued('WELLBEING_ITEM_CLOSED'),
  debriefNotOffered: () => catalogued('DEBRIEF_NOT_OFFERED'),
  messageNotFound: () => catalogued('MESSAGE_NOT_FOUND'),
  unauthorizedAction: (message?: string) => catalogued('UNAUTHORIZED_ACTION', message),
  userBlocked: () => catalogued('USER_BLOCKED'),
  contentTooLong: (max: number) =>
    catalogued('CONTENT_TOO_LONG', `Keep it to ${max} characters or fewer`, [
      { path: 'content', message: `At most ${max} characters` },
    ]),
  invalidMessageType: (message?: string) => catalogued('INVALID_MESSAGE_TYPE', message),
  attachmentsNotAllowed: () => catalogued('ATTACHMENTS_NOT_ALLOWED'),
  fileEmpty: () => catalogued('FILE_EMPTY'),
  voiceNoteTooLong: (maxSeconds: number) =>
    catalogued('VOICE_NOTE_TOO_LONG', `Voice notes can be up to ${maxSeconds / 60} minutes long`),
  /** The user's files would pass their storage quota; deleting sent files makes room. */
  storageQuotaExceeded: (quotaMb: number) =>
    catalogued(
      'STORAGE_QUOTA_EXCEEDED',
      `Your files may take up to ${quotaMb} MB; delete some sent files to make room`,
    ),
  resourceNotFound: () => catalogued('RESOURCE_NOT_FOUND'),
  resourceEditorRequired: () => catalogued('RESOURCE_EDITOR_REQUIRED'),
  resourceNotEditable: (message?: string) => catalogued('RESOURCE_NOT_EDITABLE', message),
  invalidStatusChange: (from: string, to: string) =>
    catalogued('INVALID_STATUS_CHANGE', `A resource cannot move from ${from} to ${to} here`, [
      { path: 'status', message: `Not allowed from ${from}` },
    ]),
  resourceFileMissing: () => catalogued('RESOURCE_FILE_MISSING'),
  resourceHasNoFile: (message?: string) => catalogued('RESOURCE_HAS_NO_FILE', message),
  /** A Range outside the file; `size` goes in Content-Range as the standard asks. */
  rangeNotSatisfiable: (size: number) =>
    catalogued('RANGE_NOT_SATISFIABLE', undefined, undefined, {
      'content-range': `bytes */${size}`,
    }),
  /** The listener does not take this booking (not approved, not opted in, not a partner). */
  bookingNotAllowed: (message?: string) => catalogued('BOOKING_NOT_ALLOWED', message),
  /** The asked-for time is not a free slot of the listener; the message says why. */
  slotUnavailable: (message: string) =>
    catalogued('SLOT_UNAVAILABLE', message, [{ path: 'start', message }]),
  slotTaken: () => catalogued('SLOT_TAKEN'),
  appointmentConflict: () => catalogued('APPOINTMENT_CONFLICT'),
  appointmentClosed: (message?: string) => catalogued('APPOINTMENT_CLOSED', message),
  appointmentNotStarted: () => catalogued('APPOINTMENT_NOT_STARTED'),
  internal: () => catalogued('INTERNAL_ERROR'),
  unavailable: () => catalogued('SERVICE_UNAVAILABLE'),
};
