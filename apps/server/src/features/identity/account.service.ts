import type { ChangePasswordBody, DeviceSession, ResetPasswordBody } from '@kindred/protocol';
import type { Db } from '../../db/client';
import type { UserRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import type { EventBus } from '../../lib/events';
import * as accountTokens from './account-tokens.repository';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords';
import * as tokensRepo from './refresh-tokens.repository';
import type { SessionEnder } from './sessions';
import { hashToken, newRefreshToken } from './tokens';
import { describeDevice } from './user-agent';
import * as usersRepo from './users.repository';

/** OWASP: reset links live briefly; verification links a little longer. */
export const RESET_TOKEN_TTL_MS = 30 * 60 * 1000;
export const VERIFY_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Account recovery and security: reset by a mailed link, address verification and change,
 * password change, and the list of signed-in devices.
 */
export function createAccountService(deps: {
  db: Db;
  clock: Clock;
  events: EventBus;
  sessions: SessionEnder;
  publicUrl: string;
}) {
  const { db, clock, events } = deps;

  /** Stores a new link for `purpose` (retiring older ones) and mails it to `to`. */
  async function mailLink(
    user: UserRow,
    purpose: accountTokens.AccountTokenPurpose,
    to: string,
    path: string,
    ttlMs: number,
  ) {
    const token = newRefreshToken();
    const now = clock.now();
    await events.transaction(db, async (tx) => {
      await accountTokens.retireAccountTokens(tx, user.id, purpose, now);
      await accountTokens.insertAccountToken(tx, {
        userId: user.id,
        purpose,
        tokenHash: hashToken(token),
        email: to,
        createdAt: now,
        expiresAt: new Date(now.getTime() + ttlMs),
      });
      await events.publish(tx, 'account.mail', {
        userId: user.id,
        to,
        kind: purpose,
        url: `${deps.publicUrl}${path}?token=${encodeURIComponent(token)}`,
      });
    });
  }

  /** Ends every sign-in of the account on every node (its HTTP tokens and its sockets). */
  async function signOutEverywhere(userId: string) {
    await tokensRepo.revokeAllForUser(db, userId, clock.now());
    await deps.sessions.endAllSessions(userId, 'revoked');
  }

  async function setPassword(user: UserRow, password: string) {
    await assertStrongPassword(password, [user.email, user.pseudonym, 'kindred']);
    await usersRepo.updateUser(db, user.id, { passwordHash: await hashPassword(password) });
    await accountTokens.retireAccountTokens(db, user.id, 'password_reset', clock.now());
  }

  return {
    /**
     * Mails a reset link when the address belongs to an active account with a verified address;
     * otherwise does nothing. The caller answers before this runs, so the answer and its timing
     * say nothing about the address.
     */
    async requestPasswordReset(email: string): Promise<void> {
      const user = await usersRepo.findUserByEmail(db, email);
      if (!user || !user.isActive || !user.emailVerifiedAt) return;
      await mailLink(user, 'password_reset', user.email, '/reset-password', RESET_TOKEN_TTL_MS);
    },

    /** Sets the new password from a reset link (once), and signs the account out everywhere. */
    async resetPassword(body: ResetPasswordBody): Promise<void> {
      const now = clock.now();
      const row = await accountTokens.consumeAccountToken(
        db,
        hashToken(body.token),
        ['password_reset'],
        now,
      );
      const user = row ? await usersRepo.findUserById(db, row.userId) : undefined;
      if (!row || !user || !user.isActive || row.email !== user.email) throw errors.linkInvalid();
      await setPassword(user, body.password);
      await signOutEverywhere(user.id);
      await events.publish(db, 'account.mail', {
        userId: user.id,
        to: user.email,
        kind: 'password_changed',
        url: null,
      });
    },

    /** Mails a verification link for the account's address (after sign-up, or on request). */
    async sendVerification(userId: string): Promise<void> {
      const user = await usersRepo.findUserById(db, userId);
      if (!user || user.emailVerifiedAt) return;
      await mailLink(user, 'email_verify', user.email, '/verify-email', VERIFY_TOKEN_TTL_MS);
    },

    /**
     * Confirms an address from its link: the account's own (verification), or a new one (a
     * change, which takes effect now; the old address is told).
     */
    async verifyEmail(token: string): Promise<{ email: string }> {
      const now = clock.now();
      const row = await accountTokens.consumeAccountToken(
        db,
        hashToken(token),
        ['email_verify', 'email_change'],
        now,
      );
      const user = row ? await usersRepo.findUserById(db, row.userId) : undefined;
      if (!row || !user) throw errors.linkInvalid();
      if (row.purpose === 'email_verify') {
        if (row.email !== user.email) throw errors.linkInvalid();
        await usersRepo.updateUser(db, user.id, { emailVerifiedAt: now });
        return { email: user.email };
      }
      if (await usersRepo.findUserByEmail(db, row.email)) throw errors.linkInvalid();
      await usersRepo.updateUser(db, user.id, { email: row.email, emailVerifiedAt: now });
      await events.publish(db, 'account.mail', {
        userId: user.id,
        to: user.email,
        kind: 'email_changed',
        url: null,
      });
      return { email: row.email };
    },

    /**
     * Asks to move the account to a new address: confirmed by a link sent there. A taken address
     * gets no link (and the answer does not say so).
     */
    async requestEmailChange(userId: string, password: string, email: string): Promise<void> {
      const user = await usersRepo.findUserById(db, userId);
      if (!user) throw errors.unauthenticated();
      if (user.passwordHash && !(await verifyPassword(user.passwordHash, password))) {
        throw errors.wrongPassword();
      }
      if (email === user.email || (await usersRepo.findUserByEmail(db, email))) return;
      await mailLink(user, 'email_change', email, '/verify-email', VERIFY_TOKEN_TTL_MS);
    },

    /** Changes the password (the current one is required); other devices are signed out. */
    async changePassword(
      userId: string,
      familyId: string | undefined,
      body: ChangePasswordBody,
    ): Promise<void> {
      const user = await usersRepo.findUserById(db, userId);
      if (!user) throw errors.unauthenticated();
      if (!(await verifyPassword(user.passwordHash ?? null, body.current_password))) {
        throw errors.wrongPassword();
      }
      await setPassword(user, body.new_password);
      await this.revokeOtherSessions(userId, familyId);
      await events.publish(db, 'account.mail', {
        userId,
        to: user.email,
        kind: 'password_changed',
        url: null,
      });
    },

    /** The signed-in devices: one per sign-in still open, most recently seen first. */
    async listSessions(
      userId: string,
      currentFamily: string | undefined,
    ): Promise<DeviceSession[]> {
      const now = clock.now();
      const rows = await tokensRepo.listRefreshTokensForUser(db, userId);
      const byFamily = new Map<string, DeviceSession & { open: boolean }>();
      for (const row of rows) {
        const open = !row.revokedAt && !row.rotatedAt && row.expiresAt > now;
        const seen = byFamily.get(row.familyId);
        const at = row.createdAt.toISOString();
        if (!seen) {
          byFamily.set(row.familyId, {
            id: row.familyId,
            device: describeDevice(row.userAgent),
            signed_in_at: at,
            last_seen_at: at,
            current: row.familyId === currentFamily,
            open,
          });
          continue;
        }
        seen.open ||= open;
        if (at < seen.signed_in_at) seen.signed_in_at = at;
      }
      return [...byFamily.values()]
        .filter((s) => s.open)
        .map(({ open: _open, ...session }) => session);
    },

    /** Signs one device out (its tokens and sockets); unknown or foreign ids are not found. */
    async revokeSession(userId: string, familyId: string): Promise<void> {
      const mine = await tokensRepo.listRefreshTokensForUser(db, userId);
      if (!mine.some((row) => row.familyId === familyId && !row.revokedAt)) {
        throw errors.notFound('Session');
      }
      await tokensRepo.revokeFamily(db, familyId, clock.now());
      await deps.sessions.endSession(userId, familyId, 'revoked');
    },

    /** Signs every other device out; the one asking stays signed in. */
    async revokeOtherSessions(userId: string, currentFamily: string | undefined): Promise<number> {
      const open = await this.listSessions(userId, currentFamily);
      const others = open.filter((s) => s.id !== currentFamily);
      for (const session of others) await this.revokeSession(userId, session.id);
      return others.length;
    },
  };
}
export type AccountService = ReturnType<typeof createAccountService>;
