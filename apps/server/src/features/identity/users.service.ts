import type {
  AvatarResponse,
  DeleteMeBody,
  Export,
  Me,
  PublicProfile,
  UpdateMe,
} from '@kindred/protocol';
import type { Db, Executor } from '../../db/client';
import type { NewUserRow, UserRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import type { EventBus } from '../../lib/events';
import type { RateLimiter } from '../../lib/rate-limit';
import type { RateLimitRule } from '../../config';
import { conflictFor } from './auth.service';
import { verifyPassword } from './passwords';
import * as tokensRepo from './refresh-tokens.repository';
import type { AvatarStore } from './avatar-files';
import type { SessionEnder } from './sessions';
import { sniffImageType } from './avatar-files';
import { avatarUrl, toMe, toPublicProfile } from './present';
import * as usersRepo from './users.repository';

export interface UsersDeps {
  db: Db;
  clock: Clock;
  avatars: AvatarStore;
  events: EventBus;
  limiter: RateLimiter;
  /** Avatars count against the same per-user upload rate as attachments. */
  uploadRule: RateLimitRule;
  sessions: SessionEnder;
}

export function createUsersService(deps: UsersDeps) {
  const { db, avatars } = deps;

  /** The signed-in user's row; a deleted account is signed out, a banned one refused. */
  async function activeUser(userId: string): Promise<UserRow> {
    const user = await usersRepo.findUserById(db, userId);
    if (!user) throw errors.unauthenticated();
    if (!user.isActive) throw errors.banned();
    return user;
  }

  /**
   * Erasure: the row and all that hangs off it, the avatar, and every session at once. `within`
   * runs in the deletion's own transaction (an admin's audit line is written with it).
   */
  async function erase(user: UserRow, within?: (tx: Executor) => Promise<void>): Promise<void> {
    await deps.events.transaction(db, async (tx) => {
      await usersRepo.deleteUser(tx, user.id);
      await within?.(tx);
      // Their uploads and whatever else other modules keep of them go after commit.
      await deps.events.publish(tx, 'user.deleted', { userId: user.id });
    });
    await deps.sessions.endAllSessions(user.id, 'account_deleted');
    await avatars.remove(user.avatarFile);
  }

  return {
    activeUser,
    erase,

    async getMe(userId: string): Promise<Me> {
      return toMe(await activeUser(userId));
    },

    async updateMe(userId: string, body: UpdateMe): Promise<Me> {
      const current = await activeUser(userId);
      const update: Partial<NewUserRow> = {};
      if (body.pseudonym !== undefined && body.pseudonym !== current.pseudonym) {
        if (
          body.pseudonym.toLowerCase() !== current.pseudonym.toLowerCase() &&
          (await usersRepo.pseudonymExists(db, body.pseudonym))
        ) {
          throw errors.pseudonymTaken();
        }
        update.pseudonym = body.pseudonym;
      }
      if (body.real_name !== undefined) update.realName = body.real_name || null;
      if (body.bio !== undefined) update.bio = body.bio;
      if (body.interests !== undefined) update.interests = body.interests;
      if (body.languages !== undefined) update.languages = body.languages;
      if (body.listener_topics !== undefined) update.listenerTopics = body.listener_topics;
      if (body.time_zone !== undefined) update.timeZone = body.time_zone;
      if (body.country !== undefined) update.country = body.country;
      if (body.roles !== undefined) {
        update.roles = [...body.roles];
        // Someone who stops listening must stop being offered to sharers.
        if (!body.roles.includes('listener')) update.listenerAvailability = 'unavailable';
      }
      const privacy = body.privacy_settings;
      if (privacy?.show_profile_picture !== undefined) {
        update.showProfilePicture = privacy.show_profile_picture;
      }
      if (privacy?.allow_feedback !== undefined) update.allowFeedback = privacy.allow_feedback;
      if (privacy?.allow_message_requests !== undefined) {
        update.allowMessageRequests = privacy.allow_message_requests;
      }
      if (privacy?.read_receipts !== undefined) update.readReceipts = privacy.read_receipts;
      if (privacy?.show_online_status !== undefined) {
        update.showOnlineStatus = privacy.show_online_status;
      }
      if (Object.keys(update).length === 0) return toMe(current);
      const row = await usersRepo.updateUser(db, userId, update).catch(conflictFor);
      if (!row) throw errors.unauthenticated();
      return toMe(row);
    },

    /** Stores a new avatar after checking what the bytes really are; the old file is removed. */
    async setAvatar(userId: string, bytes: Buffer): Promise<AvatarResponse> {
      const user = await activeUser(userId);
      const rate = await deps.limiter.hit(`uploads:${userId}`, deps.uploadRule);
      if (!rate.allowed) throw errors.rateLimited(rate.retryAfterSeconds);
      const type = sniffImageType(bytes);
      if (!type) {
        throw errors.invalidFileType('The picture must be a JPG, PNG or GIF image');
      }
      const file = await avatars.save(bytes, type);
      await usersRepo.updateUser(db, userId, { avatarFile: file });
      await avatars.remove(user.avatarFile);
      return { profile_picture_url: avatarUrl(file) ?? '' };
    },

    /**
     * A stored avatar for a viewer: its owner always sees it; others only while it is the
     * picture the owner shows (not hidden, not replaced, account active). Otherwise not found.
     */
    async openAvatar(viewerId: string, file: string) {
      const owner = await usersRepo.findUserByAvatarFile(db, file);
      if (!owner) throw errors.notFound('Picture');
      if (owner.id !== viewerId && (!owner.showProfilePicture || !owner.isActive)) {
        throw errors.notFound('Picture');
      }
      const found = await avatars.open(file);
      if (!found) throw errors.notFound('Picture');
      return found;
    },

    async getPublicProfile(id: string): Promise<PublicProfile> {
      const user = await usersRepo.findUserById(db, id);
      if (!user || !user.isActive) throw errors.notFound('User');
      return toPublicProfile(user);
    },

    async exportMe(userId: string): Promise<Export> {
      const user = await activeUser(userId);
      const sessions = await tokensRepo.listRefreshTokensForUser(db, userId);
      return {
        exported_at: deps.clock.now().toISOString(),
        profile: toMe(user),
        sessions: sessions.map((s) => ({
          created_at: s.createdAt.toISOString(),
          expires_at: s.expiresAt.toISOString(),
          revoked_at: s.revokedAt?.toISOString() ?? null,
          user_agent: s.userAgent,
        })),
      };
    },

    /** Erases the account and everything hanging off it; the password (or DELETE) confirms it. */
    async deleteMe(userId: string, body: DeleteMeBody): Promise<void> {
      const user = await activeUser(userId);
      if (user.passwordHash) {
        if (!body.password || !(await verifyPassword(user.passwordHash, body.password))) {
          throw errors.wrongPassword();
        }
      } else if (body.confirm !== 'DELETE') {
        throw errors.validation(
          [{ path: 'confirm', message: 'Type DELETE to confirm' }],
          'Type DELETE to confirm',
        );
      }
      await erase(user);
    },
  };
}
export type UsersService = ReturnType<typeof createUsersService>;
