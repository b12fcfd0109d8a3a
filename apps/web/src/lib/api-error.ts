import { errorBodySchema, type ErrorCode, type ErrorDetail } from '@kindred/protocol';

/** Codes the client makes up itself, for failures that never reached the API's error handler. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'INVALID_RESPONSE' | 'HTTP_ERROR';

/** A failed API call: the HTTP status plus the parsed error body (DESIGN §7). */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Seconds to wait, from a 429's Retry-After header. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

const fallbackMessages: Record<number, string> = {
  400: 'Something in the request was not right. Please check and try again.',
  401: 'Please sign in to continue.',
  403: 'You are not allowed to do that.',
  404: 'We could not find what you were looking for.',
  413: 'That file is too large.',
  429: 'Too many attempts. Please wait a moment and try again.',
};

function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Turns a non-2xx response into an ApiError, whatever its body looks like. */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy error page, say): fall back to a message chosen by status.
  }
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, error, details } = parsed.data;
    return new ApiError(response.status, code, error, details ?? [], retryAfter);
  }
  let message =
    fallbackMessages[response.status] ??
    (response.status >= 500
      ? 'Kindred is having trouble right now. Please try again in a moment.'
      : 'Something went wrong. Please try again.');
  if (response.status === 429 && retryAfter) {
    message += ` You can try again in ${retryAfter} seconds.`;
  }
  return new ApiError(response.status, 'HTTP_ERROR', message, [], retryAfter);
}

export const networkError = () =>
  new ApiError(
    0,
    'NETWORK_ERROR',
    'We could not reach Kindred. Check your connection and try again.',
  );

/** The message to show for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Please try again.';
}
