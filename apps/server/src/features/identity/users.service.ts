import type {
  AvatarResponse,
  DeleteMeBody,
  Export,
  Me,
  PublicProfile,
  UpdateMe,
} from '@kindred/protocol';
import type { Db } from '../../db/client';
import type { NewUserRow, UserRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import { conflictFor } from './auth.service';
import { verifyPassword } from './passwords';
import * as tokensRepo from './refresh-tokens.repository';
import type { AvatarStore } from './avatar-files';
import { sniffImageType } from './avatar-files';
import { avatarUrl, toMe, toPublicProfile } from './present';
import * as usersRepo from './users.repository';

export interface UsersDeps {
  db: Db;
  clock: Clock;
  avatars: AvatarStore;
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

  return {
    activeUser,

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
      const type = sniffImageType(bytes);
      if (!type) {
        throw errors.invalidFileType('The picture must be a JPG, PNG or GIF image');
      }
      const file = await avatars.save(bytes, type);
      await usersRepo.updateUser(db, userId, { avatarFile: file });
      await avatars.remove(user.avatarFile);
      return { profile_picture_url: avatarUrl(file) ?? '' };
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
      await usersRepo.deleteUser(db, userId);
      await avatars.remove(user.avatarFile);
    },
  };
}
export type UsersService = ReturnType<typeof createUsersService>;
