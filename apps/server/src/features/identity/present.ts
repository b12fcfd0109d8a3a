import type { Me, PublicProfile, SessionUser } from '@kindred/protocol';
import type { UserRow } from '../../db/schema';

/** Where an avatar file is served; only signed-in users may fetch it. */
export function avatarUrl(file: string | null): string | null {
  return file ? `/api/v1/users/avatars/${file}` : null;
}

/** The user as they see themself. */
export function toMe(row: UserRow): Me {
  return {
    id: row.id,
    email: row.email,
    pseudonym: row.pseudonym,
    real_name: row.realName,
    bio: row.bio,
    profile_picture_url: avatarUrl(row.avatarFile),
    roles: row.roles,
    interests: row.interests,
    languages: row.languages,
    listener_availability: row.listenerAvailability,
    listener_rating: row.listenerRating,
    listener_total_chats: row.listenerTotalChats,
    listener_topics: row.listenerTopics,
    listener_status: row.listenerStatus,
    privacy_settings: {
      show_profile_picture: row.showProfilePicture,
      allow_feedback: row.allowFeedback,
      allow_message_requests: row.allowMessageRequests,
      read_receipts: row.readReceipts,
      show_online_status: row.showOnlineStatus,
    },
    is_admin: row.isAdmin,
    auth_provider: row.passwordHash ? 'password' : 'google',
    email_verified: row.emailVerifiedAt !== null,
    created_at: row.createdAt.toISOString(),
    time_zone: row.timeZone,
    country: row.country,
  };
}

export function toSessionUser(row: UserRow): SessionUser {
  return {
    id: row.id,
    pseudonym: row.pseudonym,
    roles: row.roles,
    profile_picture_url: avatarUrl(row.avatarFile),
    is_admin: row.isAdmin,
  };
}

/** The user as anyone else sees them: built field by field, so email and real name cannot leak. */
export function toPublicProfile(row: UserRow): PublicProfile {
  const isListener = row.roles.includes('listener');
  return {
    id: row.id,
    pseudonym: row.pseudonym,
    bio: row.bio,
    profile_picture_url: row.showProfilePicture ? avatarUrl(row.avatarFile) : null,
    roles: row.roles,
    languages: row.languages,
    listener_topics: isListener ? row.listenerTopics : [],
    listener_availability: isListener ? row.listenerAvailability : null,
    listener_rating: isListener ? row.listenerRating : null,
    listener_total_chats: isListener ? row.listenerTotalChats : 0,
  };
}
