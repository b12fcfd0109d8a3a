import {
  errorBodySchema,
  googleBodySchema,
  loginBodySchema,
  loginResponseSchema,
  messageResponseSchema,
  publicConfigSchema,
  refreshBodySchema,
  refreshResponseSchema,
  registerBodySchema,
  registerResponseSchema,
} from '@kindred/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../../plugins/auth';
import type { AuthService } from './auth.service';
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS } from './tokens';

const REFRESH_COOKIE_PATH = '/api/v1/auth';
const errorResponses = { 400: errorBodySchema, 401: errorBodySchema, 429: errorBodySchema };

export interface AuthRoutesOptions {
  auth: AuthService;
  secureCookies: boolean;
  googleClientId: string | undefined;
}

const client = (request: FastifyRequest) => ({ userAgent: request.headers['user-agent'] });

/** Seed 000 "Authentication Endpoints", under /api/v1/auth. */
export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, opts) => {
  const { auth, secureCookies } = opts;
  const cookieBase = { httpOnly: true, sameSite: 'lax' as const, secure: secureCookies };

  function setSessionCookies(
    reply: FastifyReply,
    tokens: { access_token: string; refresh_token: string },
  ) {
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
  const limited = { preHandler: app.limitByIp('auth') };

  app.post(
    '/register',
    {
      ...limited,
      schema: {
        tags: ['auth'],
        body: registerBodySchema,
        response: { 201: registerResponseSchema, 409: errorBodySchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await auth.register(request.body)),
  );

  app.post(
    '/login',
    {
      ...limited,
      schema: {
        tags: ['auth'],
        body: loginBodySchema,
        response: { 200: loginResponseSchema, 403: errorBodySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await auth.login(request.body.email, request.body.password, client(request));
      setSessionCookies(reply, result);
      return result;
    },
  );

  app.post(
    '/google',
    {
      ...limited,
      schema: {
        tags: ['auth'],
        body: googleBodySchema,
        response: { 200: loginResponseSchema, 403: errorBodySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await auth.loginWithGoogle(request.body.credential, client(request));
      setSessionCookies(reply, result);
      return result;
    },
  );

  // Refresh is not in the 5/min sign-in bucket: it accepts no guessable secret (the token is
  // 256 random bits), and counting it would lock out people who share an address.
  app.post(
    '/refresh',
    {
      schema: {
        tags: ['auth'],
        body: refreshBodySchema,
        response: { 200: refreshResponseSchema, 403: errorBodySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const presented = request.body?.refresh_token ?? request.cookies[REFRESH_COOKIE];
      try {
        const tokens = await auth.refresh(presented, client(request));
        setSessionCookies(reply, tokens);
        return tokens;
      } catch (error) {
        // A refresh that fails leaves nothing usable behind in the browser.
        reply.clearCookie(ACCESS_COOKIE, { path: '/' });
        reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
        throw error;
      }
    },
  );

  app.post(
    '/logout',
    {
      schema: {
        tags: ['auth'],
        body: refreshBodySchema,
        response: { 200: messageResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await auth.logout(request.body?.refresh_token ?? request.cookies[REFRESH_COOKIE]);
      reply.clearCookie(ACCESS_COOKIE, { path: '/' });
      reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
      return { message: 'Logged out successfully' };
    },
  );
};

/** GET /api/v1/config: what the web client needs before sign-in. */
export const publicConfigRoutes: FastifyPluginAsyncZod<{
  googleClientId: string | undefined;
}> = async (app, opts) => {
  app.get(
    '/config',
    { schema: { tags: ['config'], response: { 200: publicConfigSchema } } },
    async () => ({ google_client_id: opts.googleClientId ?? null }),
  );
};
