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
import { hashPassword, verifyPassword } from './passwords';
import * as tokensRepo from './refresh-tokens.repository';
import { hashToken, newRefreshToken, REFRESH_TOKEN_TTL_SECONDS, type TokenSigner } from './tokens';

export interface AuthDeps {
  db: Db;
  clock: Clock;
  signer: TokenSigner;
  verifyGoogle: GoogleVerifier | undefined;
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
    const accessToken = await signer.signAccess({ userId: user.id, isAdmin: user.isAdmin });
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
        });
      } catch (error) {
        if (uniqueViolation(error) !== 'users_pseudonym_lower_key') conflictFor(error);
      }
    }
    throw errors.internal();
  }

  return {
    async register(body: RegisterBody): Promise<RegisterResponse> {
      if (await usersRepo.findUserByEmail(db, body.email)) throw errors.emailTaken();
      if (await usersRepo.pseudonymExists(db, body.pseudonym)) throw errors.pseudonymTaken();
      const passwordHash = await hashPassword(body.password);
      const user = await usersRepo
        .insertUser(db, {
          email: body.email,
          passwordHash,
          pseudonym: body.pseudonym,
          roles: [...body.roles],
        })
        .catch(conflictFor);
      return {
        message: 'User registered successfully',
        user: { id: user.id, email: user.email, pseudonym: user.pseudonym, roles: user.roles },
      };
    },

    async login(email: string, password: string, client: ClientInfo): Promise<LoginResponse> {
      const user = await usersRepo.findUserByEmail(db, email);
      const ok = await verifyPassword(user?.passwordHash ?? null, password);
      if (!user || !ok) throw errors.invalidCredentials();
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

    /** Ends the session the refresh token belongs to; unknown tokens are ignored. */
    async logout(token: string | undefined): Promise<void> {
      if (!token) return;
      const row = await tokensRepo.findRefreshTokenByHash(db, hashToken(token));
      if (row) await tokensRepo.revokeFamily(db, row.familyId, clock.now());
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
