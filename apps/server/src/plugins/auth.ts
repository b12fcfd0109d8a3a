import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config, RateLimitRule } from '../config';
import { errors } from '../lib/errors';
import type { RateLimiter } from '../lib/rate-limit';
import type { AccessClaims, Revocations, TokenSigner } from '../features/identity';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `authenticate`; read it with `currentUser(request)`. */
    auth?: AccessClaims;
  }
  interface FastifyInstance {
    /** onRequest hook: requires a valid access token, then applies the per-user API limit. */
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** onRequest hook after `authenticate`: only admins may continue (403 ADMIN_REQUIRED). */
    requireAdmin: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** preHandler factory: limits requests per client IP (auth endpoints). */
    limitByIp: (bucket: keyof Config['rateLimits']) => (request: FastifyRequest) => Promise<void>;
  }
}

export const ACCESS_COOKIE = 'access_token';
export const REFRESH_COOKIE = 'refresh_token';

/** The signed-in user of a request that went through `authenticate`. */
export function currentUser(request: FastifyRequest): AccessClaims {
  if (!request.auth) throw errors.unauthenticated();
  return request.auth;
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  return request.cookies[ACCESS_COOKIE];
}

async function enforce(
  limiter: RateLimiter,
  key: string,
  rule: RateLimitRule,
  synced = false,
): Promise<void> {
  const result = await (synced ? limiter.hitSynced(key, rule) : limiter.hit(key, rule));
  if (!result.allowed) throw errors.rateLimited(result.retryAfterSeconds);
}

export default fp(
  async (
    app: FastifyInstance,
    opts: {
      signer: TokenSigner;
      limiter: RateLimiter;
      rateLimits: Config['rateLimits'];
      /** Refuses tokens issued before the user's revocation (a ban). */
      revocations: Pick<Revocations, 'assertValid'>;
      /** Whether the account exists, is active and is on the team now (not as the token says). */
      isTeamMember: (userId: string) => Promise<boolean>;
    },
  ) => {
    const { signer, limiter, rateLimits, revocations } = opts;
    app.decorateRequest('auth', undefined);
    app.decorate('authenticate', async (request: FastifyRequest) => {
      const token = bearer(request);
      if (!token) throw errors.unauthenticated();
      const claims = await signer.verifyAccess(token);
      revocations.assertValid(claims);
      request.auth = { userId: claims.userId, isAdmin: claims.isAdmin, familyId: claims.familyId };
      const bucket = request.auth.isAdmin ? 'admin' : 'api';
      // Every signed-in request passes here: counted on the node, synced (lib/rate-limit.ts).
      await enforce(limiter, `${bucket}:${request.auth.userId}`, rateLimits[bucket], true);
    });
    // The token's claim answers at once for everyone else; a team member's right is read from
    // the database on every team request, so it ends the moment it is withdrawn (or the account
    // is gone), not when the token expires.
    app.decorate('requireAdmin', async (request: FastifyRequest) => {
      const { userId, isAdmin } = currentUser(request);
      if (!isAdmin || !(await opts.isTeamMember(userId))) throw errors.adminRequired();
    });
    app.decorate(
      'limitByIp',
      (bucket: keyof Config['rateLimits']) => async (request: FastifyRequest) =>
        enforce(limiter, `${bucket}-ip:${request.ip}`, rateLimits[bucket]),
    );
  },
  { name: 'kindred-auth', dependencies: ['@fastify/cookie'] },
);
