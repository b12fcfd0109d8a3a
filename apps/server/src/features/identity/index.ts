import { apiPrefix } from '@kindred/protocol';
import type { Executor } from '../../db/client';
import type { App, ModuleContext } from '../../lib/module';
import authPlugin from '../../plugins/auth';
import { accountAuthRoutes, deviceSessionsRoutes } from './account.routes';
import { createAccountService } from './account.service';
import { createAuthService } from './auth.service';
import { authRoutes, publicConfigRoutes } from './auth.routes';
import { avatarStore } from './avatar-files';
import { createGoogleVerifier } from './google';
import { createRevocations, REVOCATION_REFRESH_MS } from './revocations';
import { createSessionEnder } from './sessions';
import { createTokenSigner } from './tokens';
import { usersRoutes } from './users.routes';
import { findUserById } from './users.repository';
import { createUsersService } from './users.service';

export { hashPassword } from './passwords';
export { avatarUrl, toPublicProfile, toSessionUser } from './present';
export { revokeAllForUser } from './refresh-tokens.repository';
export type { Revocations } from './revocations';
export type { SessionEnder } from './sessions';
export { type AccessClaims, createTokenSigner, type TokenSigner } from './tokens';
export {
  countUsers,
  findUserByEmail,
  findUserById,
  insertUserIfAbsent,
  updateUser,
} from './users.repository';

/**
 * Identity: accounts, sign-in (password and Google), access and refresh tokens, revocation on
 * every node, profiles and avatars. Registers the `authenticate` hook every other module uses.
 */
export async function register(app: App, ctx: ModuleContext) {
  const { config, clock, db } = ctx;
  const signer = createTokenSigner(config.jwtSecret, () => clock.now());
  // Bans reach every node: in memory here, broadcast through Redis, re-read from the database.
  const revocations = createRevocations({
    db,
    clock,
    redis: ctx.redis,
    channel: `${config.redisPrefix}revocations`,
    log: ctx.log,
  });
  await revocations.start();
  app.addHook('onClose', async () => revocations.close());
  ctx.jobs.every({
    name: 'revocation-refresh',
    everyMs: REVOCATION_REFRESH_MS,
    scope: 'every-node',
    run: () => revocations.refresh(),
  });

  const verifyGoogle = createGoogleVerifier({
    clientId: config.googleClientId,
    jwksUrl: config.googleJwksUrl,
    now: () => clock.now(),
  });
  const sessions = createSessionEnder({ db, clock, revocations, notifier: ctx.notifier });
  const account = createAccountService({
    db,
    clock,
    events: ctx.events,
    sessions,
    publicUrl: config.publicUrl,
  });
  const auth = createAuthService({
    sendVerification: (userId) => account.sendVerification(userId),
    db,
    clock,
    signer,
    verifyGoogle,
    sessions,
    events: ctx.events,
    limiter: ctx.limiter,
    loginFailureRule: config.rateLimits.loginFailures,
  });
  const avatars = avatarStore(config.dataDir);
  const users = createUsersService({
    db,
    clock,
    avatars,
    events: ctx.events,
    limiter: ctx.limiter,
    uploadRule: config.rateLimits.uploads,
    sessions,
  });

  await app.register(authPlugin, {
    signer,
    limiter: ctx.limiter,
    rateLimits: config.rateLimits,
    revocations,
    isTeamMember: async (userId) => {
      const user = await findUserById(db, userId);
      return user !== undefined && user.isActive && user.isAdmin;
    },
  });
  await app.register(publicConfigRoutes, {
    prefix: apiPrefix,
    googleClientId: config.googleClientId,
    minAge: config.minAge,
  });
  await app.register(authRoutes, {
    prefix: `${apiPrefix}/auth`,
    auth,
    secureCookies: config.env === 'production',
    googleClientId: config.googleClientId,
    readAccess: (token) => signer.verifyAccess(token),
  });
  await app.register(accountAuthRoutes, { prefix: `${apiPrefix}/auth`, account });
  await app.register(deviceSessionsRoutes, { prefix: `${apiPrefix}/users/me/sessions`, account });
  await app.register(usersRoutes, { prefix: `${apiPrefix}/users`, users });

  return {
    revocations,
    sessions,
    /**
     * Erases an account as its owner's deletion does (an admin's decision); `within` runs in the
     * deletion's transaction. Undefined when there is no such account.
     */
    async eraseUser(userId: string, within?: (tx: Executor) => Promise<void>) {
      const user = await findUserById(db, userId);
      if (!user) return undefined;
      await users.erase(user, within);
      return user;
    },
    /** The socket handshake's check: a valid access token issued after any revocation. */
    async verifyAccessToken(token: string) {
      const claims = await signer.verifyAccess(token);
      revocations.assertValid(claims);
      return claims;
    },
  };
}
