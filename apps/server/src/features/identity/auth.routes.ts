import {
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
import type { z } from 'zod';
import { errorsFor, route } from '../../lib/error-responses';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../../plugins/auth';
import type { AuthService } from './auth.service';
import { clearSessionCookies, setSessionCookies } from './session-cookies';

const errorResponses = errorsFor(400, 401, 429);

export interface AuthRoutesOptions {
  auth: AuthService;
  /** Reads the access token of a logout that brings no refresh token; undefined if invalid. */
  readAccess: (token: string) => Promise<{ userId: string; familyId?: string | undefined }>;
  secureCookies: boolean;
  googleClientId: string | undefined;
}

const client = (request: FastifyRequest) => ({ userAgent: request.headers['user-agent'] });
/** The refresh token the client presents: in the body, or else its cookie. */
const presentedToken = (request: {
  body?: { refresh_token?: string } | null;
  cookies: Record<string, string | undefined>;
}) => request.body?.refresh_token ?? request.cookies[REFRESH_COOKIE];

/** The listening contract's "Authentication Endpoints", under /api/v1/auth. */
export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, opts) => {
  const { auth, secureCookies } = opts;
  const accessClaims = async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ')
      ? header.slice(7).trim()
      : request.cookies[ACCESS_COOKIE];
    return token ? opts.readAccess(token).catch(() => undefined) : undefined;
  };
  /** Sets the new session's cookies and answers with its tokens. */
  const startSession = <T extends { access_token: string; refresh_token: string }>(
    reply: FastifyReply,
    tokens: T,
  ): T => {
    setSessionCookies(reply, tokens, secureCookies);
    return tokens;
  };
  const limited = { preHandler: app.limitByIp('auth') };
  /** Sign-in routes: rate limited per address, answering with the new session. */
  const signIn = <B extends z.ZodType>(body: B) => ({
    ...limited,
    schema: {
      tags: ['auth'],
      body,
      response: { 200: loginResponseSchema, ...errorsFor(403), ...errorResponses },
    },
  });

  app.post(
    '/register',
    {
      ...limited,
      schema: {
        tags: ['auth'],
        body: registerBodySchema,
        response: { 201: registerResponseSchema, ...errorsFor(409), ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await auth.register(request.body)),
  );

  app.post('/login', signIn(loginBodySchema), async (request, reply) =>
    startSession(
      reply,
      await auth.login(request.body.email, request.body.password, client(request)),
    ),
  );

  app.post('/google', signIn(googleBodySchema), async (request, reply) =>
    startSession(reply, await auth.loginWithGoogle(request.body.credential, client(request))),
  );

  // Refresh is not in the 5/min sign-in bucket: it accepts no guessable secret (the token is
  // 256 random bits), and counting it would lock out people who share an address.
  app.post(
    '/refresh',
    route({ tags: ['auth'], body: refreshBodySchema }, refreshResponseSchema),
    async (request, reply) => {
      try {
        return startSession(reply, await auth.refresh(presentedToken(request), client(request)));
      } catch (error) {
        // A refresh that fails leaves nothing usable behind in the browser.
        clearSessionCookies(reply);
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
      await auth.logout(presentedToken(request), await accessClaims(request));
      clearSessionCookies(reply);
      return { message: 'Logged out successfully' };
    },
  );
};

/** GET /api/v1/config: what the web client needs before sign-in. */
export const publicConfigRoutes: FastifyPluginAsyncZod<{
  googleClientId: string | undefined;
  minAge: number;
}> = async (app, opts) => {
  app.get(
    '/config',
    { schema: { tags: ['config'], response: { 200: publicConfigSchema } } },
    async () => ({ google_client_id: opts.googleClientId ?? null, min_age: opts.minAge }),
  );
};
