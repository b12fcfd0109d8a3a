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
  internal: () =>
    new AppError(500, 'INTERNAL_ERROR', 'Something went wrong on our side; please try again'),
  unavailable: () =>
    new AppError(503, 'SERVICE_UNAVAILABLE', 'The service is not ready; please try again shortly'),
};
