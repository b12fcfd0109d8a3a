import type { FastifyReply } from 'fastify';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../../plugins/auth';
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS } from './tokens';

/** The refresh token is sent only to the auth endpoints. */
const REFRESH_COOKIE_PATH = '/api/v1/auth';

/** Puts a session's tokens in the browser, as cookies only the server reads. */
export function setSessionCookies(
  reply: FastifyReply,
  tokens: { access_token: string; refresh_token: string },
  secure: boolean,
): void {
  const cookieBase = { httpOnly: true, sameSite: 'lax' as const, secure };
  reply.setCookie(ACCESS_COOKIE, tokens.access_token, {
    ...cookieBase,
    path: '/',
    maxAge: ACCESS_TOKEN_TTL_SECONDS,
  });
  reply.setCookie(REFRESH_COOKIE, tokens.refresh_token, {
    ...cookieBase,
    path: REFRESH_COOKIE_PATH,
    maxAge: REFRESH_TOKEN_TTL_SECONDS,
  });
}

/** Removes a session's cookies from the browser (signing out, a failed refresh, a deleted account). */
export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(ACCESS_COOKIE, { path: '/' });
  reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
}
