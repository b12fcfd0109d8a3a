import { randomInt, randomUUID } from 'node:crypto';
import type { LoginResponse, RegisterBody, RegisterResponse } from '@kindred/protocol';
import type { Db } from '../../db/client';
import type { UserRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { uniqueViolation } from '../../lib/db-errors';
import { errors } from '../../lib/errors';
import { toSessionUser } from './present';
import * as usersRepo from './users.repository';
import { type GoogleVerifier, pseudonymBase } from './google';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords';
import * as tokensRepo from './refresh-tokens.repository';
import type { RateLimitRule } from '../../config';
import type { EventBus } from '../../lib/events';
import type { RateLimiter } from '../../lib/rate-limit';
import type { SessionEnder } from './sessions';
import { hashToken, newRefreshToken, REFRESH_TOKEN_TTL_SECONDS, type TokenSigner } from './tokens';

export interface AuthDeps {
  db: Db;
  clock: Clock;
  signer: TokenSigner;
  verifyGoogle: GoogleVerifier | undefined;
  sessions: SessionEnder;
  events: EventBus;
  limiter: RateLimiter;
  /** Failed sign-ins allowed per account and window, whatever address they come from. */
  loginFailureRule: RateLimitRule;
  /** Mails the new account's verification link (the account works before it is used). */
  sendVerification: (userId: string) => Promise<void>;
}

export interface ClientInfo {
  userAgent: string | undefined;
}

/** Turns a unique-index violation on users into the 409 the client expects. */
export function conflictFor(error: unknown): never {
  const constraint = uniqueViolation(error);
  if (constraint === 'users_email_key') throw errors.emailTaken();
  if (constraint === 'users_pseudonym_lower_key') throw errors.pseudonymTaken();
  throw error;
}

export function createAuthService(deps: AuthDeps) {
  const { db, clock, signer } = deps;

  async function issueTokens(user: UserRow, client: ClientInfo, familyId: string = randomUUID()) {
    const refreshToken = newRefreshToken();
    const now = clock.now();
    await tokensRepo.insertRefreshToken(db, {
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000),
    });
    const accessToken = await signer.signAccess({
      userId: user.id,
      isAdmin: user.isAdmin,
      familyId,
    });
    return { accessToken, refreshToken };
  }

  async function signIn(user: UserRow, client: ClientInfo): Promise<LoginResponse> {
    if (!user.isActive) throw errors.banned();
    const { accessToken, refreshToken } = await issueTokens(user, client);
    return { access_token: accessToken, refresh_token: refreshToken, user: toSessionUser(user) };
  }

  /** Creates a Google user with a unique pseudonym derived from their name. */
  async function createGoogleUser(sub: string, email: string, name: string | undefined) {
    const base = pseudonymBase(name);
    for (let attempt = 0; attempt < 8; attempt++) {
      const pseudonym = attempt === 0 ? base : `${base}${randomInt(10, 10_000)}`;
      if (await usersRepo.pseudonymExists(db, pseudonym)) continue;
      try {
        return await usersRepo.insertUser(db, {
          email,
          pseudonym,
          oauthProvider: 'google',
          oauthId: sub,
          roles: ['sharer'],
          // Google verified the address.
          emailVerifiedAt: clock.now(),
        });
      } catch (error) {
        if (uniqueViolation(error) !== 'users_pseudonym_lower_key') conflictFor(error);
      }
    }
    throw errors.internal();
  }

  return {
    /**
     * Registration answers the same whether or not the e-mail already has an account, so the
     * form cannot be used to learn who is a member: for a taken address nothing is created, and
     * its owner is told by e-mail instead (an account-security notification). The password is
     * hashed either way, so the answer takes as long.
     */
    async register(body: RegisterBody): Promise<RegisterResponse> {
      if (await usersRepo.pseudonymExists(db, body.pseudonym)) throw errors.pseudonymTaken();
      await assertStrongPassword(body.password, [body.email, body.pseudonym, 'kindred']);
      const passwordHash = await hashPassword(body.password);
      const answer = (id: string): RegisterResponse => ({
        message: 'User registered successfully',
        user: {
          id,
          email: body.email.toLowerCase(),
          pseudonym: body.pseudonym,
          roles: [...body.roles],
        },
      });
      const owner = await usersRepo.findUserByEmail(db, body.email);
      if (owner) {
        await deps.events.publish(db, 'account.registration_attempted', { userId: owner.id });
        return answer(randomUUID());
      }
      try {
        const user = await usersRepo.insertUser(db, {
          email: body.email,
          passwordHash,
          pseudonym: body.pseudonym,
          roles: [...body.roles],
          realName: body.real_name || null,
        });
        await deps.sendVerification(user.id);
        return answer(user.id);
      } catch (error) {
        // Taken between the look-up and the insert: the same answer as above.
        if (uniqueViolation(error) === 'users_email_key') return answer(randomUUID());
        return conflictFor(error);
      }
    },

    /**
     * Password sign-in. Failures are counted per account (any e-mail, known or not, so the count
     * tells nothing): past the limit the account's password sign-ins wait for the window to end.
     * Sessions already open (refresh) and Google sign-in are not affected, so a stranger guessing
     * can delay a new sign-in by at most one window but cannot end the owner's sessions.
     */
    async login(email: string, password: string, client: ClientInfo): Promise<LoginResponse> {
      const key = `login-failures:${email.toLowerCase()}`;
      const spent = await deps.limiter.peek(key, deps.loginFailureRule);
      if (!spent.allowed) {
        throw errors.rateLimited(
          spent.retryAfterSeconds,
          'Too many failed sign-ins for this account',
        );
      }
      const user = await usersRepo.findUserByEmail(db, email);
      const ok = await verifyPassword(user?.passwordHash ?? null, password);
      if (!user || !ok) {
        await deps.limiter.hit(key, deps.loginFailureRule);
        throw errors.invalidCredentials();
      }
      return signIn(user, client);
    },

    async loginWithGoogle(credential: string, client: ClientInfo): Promise<LoginResponse> {
      if (!deps.verifyGoogle) throw errors.googleNotConfigured();
      const identity = await deps.verifyGoogle(credential);
      let user = await usersRepo.findUserByOauth(db, 'google', identity.sub);
      if (!user) {
        const byEmail = await usersRepo.findUserByEmail(db, identity.email);
        user = byEmail
          ? await usersRepo.updateUser(db, byEmail.id, {
              oauthProvider: 'google',
              oauthId: identity.sub,
              emailVerifiedAt: byEmail.emailVerifiedAt ?? clock.now(),
            })
          : await createGoogleUser(identity.sub, identity.email, identity.name);
      }
      if (!user) throw errors.googleTokenInvalid();
      return signIn(user, client);
    },

    /**
     * Rotates a refresh token. Presenting one that was already rotated means it was copied:
     * the whole family is revoked, so neither the thief nor the owner can keep using it.
     */
    async refresh(token: string | undefined, client: ClientInfo) {
      if (!token) throw errors.refreshInvalid();
      const row = await tokensRepo.findRefreshTokenByHash(db, hashToken(token));
      const now = clock.now();
      if (!row) throw errors.refreshInvalid();
      if (row.revokedAt) {
        // A ban revokes every refresh token: say why, so the client can explain it.
        const owner = await usersRepo.findUserById(db, row.userId);
        throw owner && !owner.isActive ? errors.banned() : errors.refreshInvalid();
      }
      if (row.rotatedAt || !(await tokensRepo.markRotated(db, row.id, now))) {
        await tokensRepo.revokeFamily(db, row.familyId, now);
        // The thief's access token and open sockets go too, not only the refresh token.
        await deps.sessions.endSession(row.userId, row.familyId, 'revoked');
        throw errors.refreshReused();
      }
      if (row.expiresAt <= now) throw errors.refreshInvalid();
      const user = await usersRepo.findUserById(db, row.userId);
      if (!user) throw errors.refreshInvalid();
      if (!user.isActive) {
        await tokensRepo.revokeFamily(db, row.familyId, now);
        throw errors.banned();
      }
      const tokens = await issueTokens(user, client, row.familyId);
      return { access_token: tokens.accessToken, refresh_token: tokens.refreshToken };
    },

    /**
     * Ends the session the refresh token (or else the access token) belongs to: its tokens stop
     * working and its sockets are disconnected on every node. Unknown tokens are ignored.
     */
    async logout(
      token: string | undefined,
      access: { userId: string; familyId?: string | undefined } | undefined,
    ): Promise<void> {
      const row = token ? await tokensRepo.findRefreshTokenByHash(db, hashToken(token)) : undefined;
      const session = row
        ? { userId: row.userId, familyId: row.familyId }
        : access?.familyId
          ? { userId: access.userId, familyId: access.familyId }
          : undefined;
      if (!session) return;
      await tokensRepo.revokeFamily(db, session.familyId, clock.now());
      await deps.sessions.endSession(session.userId, session.familyId, 'logged_out');
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
