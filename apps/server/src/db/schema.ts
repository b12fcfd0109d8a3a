import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored lower-cased, so uniqueness is case-insensitive. */
    email: text('email').notNull(),
    passwordHash: text('password_hash'),
    oauthProvider: text('oauth_provider', { enum: ['google'] }),
    oauthId: text('oauth_id'),
    pseudonym: text('pseudonym').notNull(),
    realName: text('real_name'),
    bio: text('bio').notNull().default(''),
    /** File name under DATA_DIR/uploads/avatars; the URL is derived from it. */
    avatarFile: text('avatar_file'),
    roles: text('roles', { enum: ['sharer', 'listener'] })
      .array()
      .notNull(),
    interests: text('interests')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    languages: text('languages')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    listenerAvailability: text('listener_availability', {
      enum: ['available', 'unavailable', 'in_chat'],
    })
      .notNull()
      .default('unavailable'),
    listenerRating: real('listener_rating'),
    listenerTotalChats: integer('listener_total_chats').notNull().default(0),
    listenerTopics: text('listener_topics')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    showProfilePicture: boolean('show_profile_picture').notNull().default(true),
    allowFeedback: boolean('allow_feedback').notNull().default(true),
    isActive: boolean('is_active').notNull().default(true),
    isAdmin: boolean('is_admin').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    uniqueIndex('users_pseudonym_lower_key').on(sql`lower(${t.pseudonym})`),
    uniqueIndex('users_oauth_key').on(t.oauthProvider, t.oauthId),
    index('users_listener_availability_idx').on(t.listenerAvailability),
  ],
);

/**
 * Opaque refresh tokens, stored as SHA-256 hashes. Each sign-in starts a family; every refresh
 * rotates to a new token in the same family, and presenting a rotated one revokes the family.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_key').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_user_idx').on(t.userId),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;
