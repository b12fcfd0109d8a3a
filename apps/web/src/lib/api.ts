import { apiPrefix } from '@kindred/protocol';
import type { z } from 'zod';
import { ApiError, apiErrorFromResponse, networkError } from './api-error';
import { sessionHint } from './session-hint';
import { xhrUpload, type UploadProgressHandler } from './xhr-upload';

export { ApiError } from './api-error';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface CallOptions {
  /**
   * When the session cannot be refreshed: true (the default) signs the user out and sends them to
   * the sign-in page; false just throws the 401, for callers that handle "not signed in" themselves.
   */
  redirectOnUnauthorized?: boolean;
  signal?: AbortSignal;
}

export interface JsonOptions extends CallOptions {
  body?: unknown;
}

/** Auth endpoints answer 401 for wrong credentials, not for an expired session: never refresh. */
const noRefreshPaths = ['/auth/login', '/auth/register', '/auth/refresh', '/auth/google'];

let onSessionExpired: () => void = () => undefined;

/** Registers what to do when the session is gone for good (clear state, go to sign-in). */
export function setSessionExpiredHandler(handler: () => void): void {
  onSessionExpired = handler;
}

let onAccountBanned: () => void = () => undefined;

/** Registers what to do when the account has been suspended (sign out, say so on sign-in). */
export function setAccountBannedHandler(handler: () => void): void {
  onAccountBanned = handler;
}

/** The account was suspended (a 403 ACCOUNT_BANNED, or the socket said so): sign out here. */
export function endBannedSession(): void {
  onAccountBanned();
}

/** The `code` of an error response's JSON body; null when it has none or is not JSON. */
async function errorCodeOf(response: Response): Promise<unknown> {
  try {
    const body: unknown = await response.clone().json();
    return typeof body === 'object' && body !== null && 'code' in body ? body.code : null;
  } catch {
    return null;
  }
}

/** True for the answer a suspended account gets from any endpoint. */
async function isAccountBanned(response: Response): Promise<boolean> {
  return response.status === 403 && (await errorCodeOf(response)) === 'ACCOUNT_BANNED';
}

export const apiUrl = (path: string) => `${apiPrefix}${path}`;

let refreshInFlight: Promise<boolean> | null = null;
/** The access token the last successful refresh returned (for the socket's renewal). */
let lastRefreshedToken: string | null = null;

/**
 * Refresh tokens rotate and a reused one revokes the whole session, so two tabs must never
 * refresh at once: the Web Locks API serialises them (a tab that waited then rotates the token
 * the first one stored). Where locks are unavailable the refresh simply runs.
 */
async function withRefreshLock(refresh: () => Promise<boolean>): Promise<boolean> {
  if (!('locks' in navigator)) return refresh();
  return await navigator.locks.request('kindred-auth-refresh', refresh);
}

/** One POST /auth/refresh at a time; concurrent 401s in this tab wait for the same attempt. */
function refreshSession(): Promise<boolean> {
  refreshInFlight ??= withRefreshLock(() =>
    fetch(apiUrl('/auth/refresh'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    }).then(
      async (response) => {
        if (await isAccountBanned(response)) onAccountBanned();
        if (response.ok) {
          const body = (await response.json().catch(() => null)) as {
            access_token?: unknown;
          } | null;
          lastRefreshedToken = typeof body?.access_token === 'string' ? body.access_token : null;
        }
        return response.ok;
      },
      () => false,
    ),
  ).finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

/**
 * For callers outside fetch (the socket handshake): refreshes the session once, when this browser
 * was signed in. True when a fresh access cookie is now set.
 */
export async function refreshAccessToken(): Promise<boolean> {
  return sessionHint.get() && (await refreshSession());
}

/**
 * For the open socket, asked to renew its access token: refreshes the session and returns the
 * new access token (the cookie alone cannot be handed to an open socket), or null.
 */
export async function freshAccessToken(): Promise<string | null> {
  if (!(await refreshAccessToken())) return null;
  return lastRefreshedToken;
}

/** The session cannot be refreshed: forget the user and go to sign-in (see main.tsx). */
export function endExpiredSession(): void {
  onSessionExpired();
}

/** A 401 means "your session is missing or expired" unless it says the credentials were wrong. */
async function isSessionProblem(response: Response): Promise<boolean> {
  return response.status === 401 && (await errorCodeOf(response)) !== 'INVALID_CREDENTIALS';
}

async function attempt(makeRequest: () => Promise<Response>): Promise<Response> {
  try {
    return await makeRequest();
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkError();
  }
}

/** Sends a request, refreshing the session once on a 401, and throws ApiError unless 2xx. */
async function send(
  path: string,
  makeRequest: () => Promise<Response>,
  { redirectOnUnauthorized = true }: CallOptions,
): Promise<Response> {
  let response = await attempt(makeRequest);
  if (!noRefreshPaths.includes(path) && (await isSessionProblem(response))) {
    if (sessionHint.get() && (await refreshSession())) response = await attempt(makeRequest);
    if (redirectOnUnauthorized && (await isSessionProblem(response))) onSessionExpired();
  }
  // Signing in to a suspended account is answered on the form; anywhere else it ends the session.
  if (!noRefreshPaths.includes(path) && (await isAccountBanned(response))) onAccountBanned();
  if (!response.ok) throw await apiErrorFromResponse(response);
  return response;
}

async function parseJson<S extends z.ZodType>(response: Response, schema: S): Promise<z.output<S>> {
  let data: unknown = null;
  if (response.status !== 204) {
    try {
      data = await response.json();
    } catch (error) {
      // The query was cancelled while its body arrived (a newer fetch of the same data took
      // over): that is not a reply we failed to understand.
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      data = undefined;
    }
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    console.error(`Unexpected response from ${response.url}`, parsed.error.issues);
    throw new ApiError(
      response.status,
      'INVALID_RESPONSE',
      'Kindred sent a reply we did not understand. Please try again.',
    );
  }
  return parsed.data;
}

/** A query function (TanStack Query's queryFn) that GETs `path` and parses it with `schema`. */
export function getJson<S extends z.ZodType>(
  path: string,
  schema: S,
  options: Omit<CallOptions, 'signal'> = {},
): (context: { signal: AbortSignal }) => Promise<z.output<S>> {
  return ({ signal }) => apiJson('GET', path, schema, { ...options, signal });
}

/** Calls a JSON endpoint under /api/v1 and parses the reply with its protocol schema. */
export async function apiJson<S extends z.ZodType>(
  method: Method,
  path: string,
  schema: S,
  options: JsonOptions = {},
): Promise<z.output<S>> {
  const hasBody = options.body !== undefined;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (hasBody) headers['Content-Type'] = 'application/json';
  const response = await send(
    path,
    () =>
      fetch(apiUrl(path), {
        method,
        credentials: 'same-origin',
        headers,
        body: hasBody ? JSON.stringify(options.body) : undefined,
        signal: options.signal,
      }),
    options,
  );
  return parseJson(response, schema);
}

/** Uploads one file as multipart/form-data, reporting progress (0–1) as it goes. */
export async function apiUpload<S extends z.ZodType>(
  path: string,
  file: File,
  schema: S,
  onProgress: UploadProgressHandler,
  options: CallOptions & { field?: string; fields?: Record<string, string> } = {},
): Promise<z.output<S>> {
  const response = await send(
    path,
    () => {
      const form = new FormData();
      form.append(options.field ?? 'file', file);
      for (const [name, value] of Object.entries(options.fields ?? {})) form.append(name, value);
      onProgress(0);
      return xhrUpload(apiUrl(path), form, onProgress, options.signal);
    },
    options,
  );
  return parseJson(response, schema);
}

/** Fetches a file (the data export, say) and returns it with the name the server suggests. */
export async function apiDownload(
  path: string,
  fallbackName: string,
  options: CallOptions = {},
): Promise<{ blob: Blob; filename: string }> {
  const response = await send(
    path,
    () => fetch(apiUrl(path), { credentials: 'same-origin', signal: options.signal }),
    options,
  );
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const filename = match?.[1] ? decodeURIComponent(match[1]) : fallbackName;
  return { blob: await response.blob(), filename };
}
