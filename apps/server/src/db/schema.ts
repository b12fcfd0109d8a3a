import { adminLogTargetTypes } from '@kindred/protocol';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
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
    /** Lower-cased copies for matching: `@>` on these uses their GIN indexes. */
    topicsLc: text('topics_lc')
      .array()
      .generatedAlwaysAs(sql`lower_array(listener_topics)`),
    interestsLc: text('interests_lc')
      .array()
      .generatedAlwaysAs(sql`lower_array(interests)`),
    languagesLc: text('languages_lc')
      .array()
      .generatedAlwaysAs(sql`lower_array(languages)`),
    /** The part of the match score that does not depend on the request (rating, experience). */
    staticScore: doublePrecision('static_score').generatedAlwaysAs(
      sql`coalesce((listener_rating - 3) * 10, 0) + least(listener_total_chats / 10.0, 20)`,
    ),
    isActive: boolean('is_active').notNull().default(true),
    /** Since when the user has had no connected socket; null while connected (or never seen). */
    awaySince: timestamp('away_since', { withTimezone: true }),
    isAdmin: boolean('is_admin').notNull().default(false),
    /** A listener who took a pause after a heavy chat is unavailable until then. */
    listenerPausedUntil: timestamp('listener_paused_until', { withTimezone: true }),
    /** Access tokens issued at or before this moment are refused (set by a ban). */
    tokensRevokedAt: timestamp('tokens_revoked_at', { withTimezone: true }),
    /** When the owner proved the address (a verification link, or Google); null until then. */
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    /**
     * Listener approval (the counselling contract): only `approved` listeners are offered to
     * sharers when LISTENER_APPROVAL=required. `none` until the user applies.
     */
    listenerStatus: text('listener_status', {
      enum: ['none', 'pending', 'approved', 'rejected', 'suspended'],
    })
      .notNull()
      .default('none'),
    listenerStatusReason: text('listener_status_reason'),
    /** What the applicant wrote when applying; kept after the review. */
    listenerMotivation: text('listener_motivation'),
    listenerAppliedAt: timestamp('listener_applied_at', { withTimezone: true }),
    guidelinesAcceptedAt: timestamp('guidelines_accepted_at', { withTimezone: true }),
    listenerReviewedAt: timestamp('listener_reviewed_at', { withTimezone: true }),
    listenerReviewedBy: uuid('listener_reviewed_by'),
    /** Privacy: a listener may let people they have not chatted with send message requests. */
    allowMessageRequests: boolean('allow_message_requests').notNull().default(false),
    /** Privacy: off means neither side of this user's direct chats sees read receipts. */
    readReceipts: boolean('read_receipts').notNull().default(true),
    /** Privacy: off hides this user's online state from direct-message partners. */
    showOnlineStatus: boolean('show_online_status').notNull().default(true),
    /** The IANA zone times are shown in; null until chosen (the browser's zone is used). */
    timeZone: text('time_zone'),
    /** ISO 3166-1 alpha-2, chosen by the user: names a help line in their country. */
    country: text('country'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_email_key').on(t.email),
    uniqueIndex('users_pseudonym_lower_key').on(sql`lower(${t.pseudonym})`),
    uniqueIndex('users_oauth_key').on(t.oauthProvider, t.oauthId),
    // The avatar route finds whose picture a file is, to serve it only while it is shown.
    uniqueIndex('users_avatar_file_key')
      .on(t.avatarFile)
      .where(sql`avatar_file is not null`),
    // Every node re-reads recent revocations (bans) every few seconds.
    index('users_tokens_revoked_idx')
      .on(t.tokensRevokedAt)
      .where(sql`tokens_revoked_at is not null`),
    index('users_listener_availability_idx').on(t.listenerAvailability),
    index('users_topics_lc_idx').using('gin', t.topicsLc),
    index('users_interests_lc_idx').using('gin', t.interestsLc),
    index('users_languages_lc_idx').using('gin', t.languagesLc),
    index('users_available_static_score_idx')
      .on(t.staticScore.desc())
      .where(sql`listener_availability = 'available' and is_active`),
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

/**
 * Access tokens refused before they expire: every token of a session (family) that was logged
 * out or revoked, or of an account that was erased. Kept only as long as such a token can live,
 * so each node can rebuild the list after a missed broadcast. No foreign key: an erased
 * account's row is gone, its revocation must stay.
 */
export const accessRevocations = pgTable(
  'access_revocations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    /** null: every token of the user. */
    familyId: uuid('family_id'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('access_revocations_revoked_at_idx').on(t.revokedAt)],
);

/**
 * Single-use links mailed to an account: a password reset, an address verification, a change of
 * address (`email` is where the link was sent). Stored only as SHA-256 hashes.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', {
      enum: ['password_reset', 'email_verify', 'email_change'],
    }).notNull(),
    tokenHash: text('token_hash').notNull(),
    email: text('email').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('account_tokens_hash_key').on(t.tokenHash),
    index('account_tokens_user_idx').on(t.userId, t.purpose),
  ],
);
/**
 * Support tickets from the signed-out contact form (someone locked out or banned): kept apart
 * from support conversations, which need an account on both sides.
 */
export const contactRequests = pgTable(
  'contact_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name'),
    subject: text('subject').notNull(),
    message: text('message').notNull(),
    status: text('status', { enum: ['open', 'resolved'] })
      .notNull()
      .default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('contact_requests_status_idx').on(t.status, t.createdAt)],
);

export type AccountTokenRow = typeof accountTokens.$inferSelect;

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

/** Every chat of every kind (DESIGN §4); the kind decides the policy. */
export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['listening', 'direct', 'appointment', 'support'] }).notNull(),
    status: text('status', { enum: ['active', 'ended', 'abandoned'] })
      .notNull()
      .default('active'),
    /** `direct` only: the two member ids, sorted and joined by ':'; one conversation per pair. */
    directKey: text('direct_key'),
    /** `support` only: open → waiting_user → resolved (DESIGN §4). */
    supportStatus: text('support_status', { enum: ['open', 'waiting_user', 'resolved'] }),
    /** `support` only: the admin who took ownership. */
    assignedTo: uuid('assigned_to').references(() => users.id, { onDelete: 'set null' }),
    /** Last new message (not edits): orders inboxes and support queues. */
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }),
    topic: text('topic'),
    language: text('language'),
    /** One counter per conversation: every new message and every change takes the next value. */
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedBy: uuid('ended_by').references(() => users.id, { onDelete: 'set null' }),
    /** Listening chats vanish at this moment (started_at + 24 h); null for persistent kinds. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [
    index('conversations_expires_idx').on(t.expiresAt),
    uniqueIndex('conversations_direct_key').on(t.directKey),
    index('conversations_support_idx')
      .on(t.supportStatus, t.lastMessageAt)
      .where(sql`kind = 'support'`),
  ],
);

export const conversationMembers = pgTable(
  'conversation_members',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    lastReadSeq: bigint('last_read_seq', { mode: 'number' }).notNull().default(0),
    mutedUntil: timestamp('muted_until', { withTimezone: true }),
    clearedBeforeSeq: bigint('cleared_before_seq', { mode: 'number' }).notNull().default(0),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    /** When the member first opened the chat (join_chat); a listener who never does is released. */
    firstJoinedAt: timestamp('first_joined_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.userId] }),
    index('conversation_members_user_idx').on(t.userId),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    versionSeq: bigint('version_seq', { mode: 'number' }).notNull(),
    senderId: uuid('sender_id').references(() => users.id, { onDelete: 'set null' }),
    clientMsgId: uuid('client_msg_id'),
    kind: text('kind', { enum: ['text', 'system', 'image', 'file', 'voice', 'resource'] })
      .notNull()
      .default('text'),
    content: text('content').notNull(),
    /** For image, file and voice messages: the uploaded file (its caption is `content`). */
    attachmentId: uuid('attachment_id').references((): AnyPgColumn => attachments.id, {
      onDelete: 'set null',
    }),
    /**
     * For kinds that share something another module owns (a `resource` message: the resource's
     * id). No foreign key: the owner decides what a message shows once the thing is gone.
     */
    refId: uuid('ref_id'),
    moderationStatus: text('moderation_status', { enum: ['approved', 'flagged', 'removed'] })
      .notNull()
      .default('approved'),
    flaggedReason: text('flagged_reason'),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    /** When another member first read it (their read marker passed its seq). */
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_key').on(t.conversationId, t.seq),
    // A retried send finds the message it already made instead of making a second one.
    uniqueIndex('messages_client_msg_key').on(t.conversationId, t.senderId, t.clientMsgId),
    index('messages_conversation_version_idx').on(t.conversationId, t.versionSeq),
    index('messages_expires_idx').on(t.expiresAt),
    // An uploaded file belongs to one message at most, even when two sends race.
    uniqueIndex('messages_attachment_key')
      .on(t.attachmentId)
      .where(sql`attachment_id is not null`),
  ],
);

export const messageReactions = pgTable(
  'message_reactions',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    emoji: text('emoji').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId, t.emoji] })],
);

/**
 * What moderation caught, for admin review. Flagged messages keep a snapshot of their text (the
 * message itself may expire first); blocked ones keep only the rule, never the contact details.
 */
export const moderationEvents = pgTable(
  'moderation_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id').references(() => conversations.id, {
      onDelete: 'set null',
    }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    status: text('status', { enum: ['flagged', 'blocked'] }).notNull(),
    rule: text('rule').notNull(),
    contentSnapshot: text('content_snapshot'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    /** What the reviewing admin did: dismissed, removed (the message), warned, banned. */
    resolution: text('resolution', { enum: ['dismissed', 'removed', 'warned', 'banned'] }),
  },
  (t) => [index('moderation_events_pending_idx').on(t.reviewedAt, t.createdAt)],
);

export type ConversationRow = typeof conversations.$inferSelect;
export type MemberRow = typeof conversationMembers.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

/** A sharer's standing matching preferences (the listening contract's match_preferences). */
export const matchPreferences = pgTable('match_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  preferredLanguages: text('preferred_languages')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  preferredTopics: text('preferred_topics')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  preferredListenerMinRating: real('preferred_listener_min_rating'),
  avoidPreviousMatches: boolean('avoid_previous_matches').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Talk-now: a sharer waiting for a listener. While `session_id` is set a listener is being asked
 * (until `asked_until`); otherwise the sharer is in line by `joined_at`. `passed_over`: listeners
 * who said Not now or let the request run out, not asked again for this wait.
 */
export const waitingList = pgTable(
  'waiting_list',
  {
    sharerId: uuid('sharer_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    topic: text('topic'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull(),
    /** Order of joining, first come first served (two may join within the same millisecond). */
    place: bigserial('place', { mode: 'number' }).notNull(),
    sessionId: uuid('session_id'),
    askedUntil: timestamp('asked_until', { withTimezone: true }),
    passedOver: uuid('passed_over')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** The sharer has no socket open since then (they left the page). */
    awaySince: timestamp('away_since', { withTimezone: true }),
    /** When they were last told by notification that a listener is free. */
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
  },
  (t) => [
    index('waiting_list_line_idx')
      .on(t.place)
      .where(sql`${t.sessionId} is null`),
    uniqueIndex('waiting_list_session_idx').on(t.sessionId),
  ],
);
export type WaitingListRow = typeof waitingList.$inferSelect;

/** Ratings after a chat; always anonymous. Kept after the chat itself is deleted. */
export const feedback = pgTable(
  'feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id').references(() => conversations.id, {
      onDelete: 'set null',
    }),
    reviewerId: uuid('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
    revieweeId: uuid('reviewee_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    rating: integer('rating').notNull(),
    helpfulness: integer('helpfulness'),
    empathy: integer('empathy'),
    safety: integer('safety'),
    comment: text('comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('feedback_once_per_session_key').on(t.conversationId, t.reviewerId),
    index('feedback_reviewee_idx').on(t.revieweeId),
  ],
);

/** Abuse reports, with a copy of the reported message so the evidence outlives the 24 hours. */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reporterId: uuid('reporter_id').references(() => users.id, { onDelete: 'set null' }),
    reportedUserId: uuid('reported_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').references(() => conversations.id, {
      onDelete: 'set null',
    }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    messageSnapshot: text('message_snapshot'),
    messageSentAt: timestamp('message_sent_at', { withTimezone: true }),
    reason: text('reason', {
      enum: ['harassment', 'inappropriate', 'spam', 'safety_concern', 'other'],
    }).notNull(),
    description: text('description').notNull(),
    status: text('status', { enum: ['pending', 'under_review', 'resolved', 'dismissed'] })
      .notNull()
      .default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    resolution: text('resolution'),
  },
  (t) => [
    index('reports_status_idx').on(t.status),
    index('reports_reported_user_idx').on(t.reportedUserId),
  ],
);

/**
 * The direct-messaging contract's user_blocks: either side's block keeps the two apart (matching,
 * chats).
 */
export const userBlocks = pgTable(
  'user_blocks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    blockerId: uuid('blocker_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    blockedId: uuid('blocked_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('user_blocks_pair_key').on(t.blockerId, t.blockedId),
    index('user_blocks_blocked_idx').on(t.blockedId),
  ],
);

/**
 * The direct-messaging contract's message requests: the first message to someone you may write to.
 * Accepting creates (or reopens) the pair's `direct` conversation, whose first message is the
 * request's content.
 */
export const messageRequests = pgTable(
  'message_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    senderId: uuid('sender_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    receiverId: uuid('receiver_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    content: text('content').notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'declined', 'cancelled'] })
      .notNull()
      .default('pending'),
    /** Set on acceptance. */
    conversationId: uuid('conversation_id').references(() => conversations.id, {
      onDelete: 'set null',
    }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // One pending request per pair, whichever way round.
    uniqueIndex('message_requests_pending_pair_key')
      .on(sql`least(${t.senderId}, ${t.receiverId})`, sql`greatest(${t.senderId}, ${t.receiverId})`)
      .where(sql`status = 'pending'`),
    index('message_requests_receiver_idx').on(t.receiverId, t.status, t.createdAt),
    index('message_requests_sender_idx').on(t.senderId, t.status, t.createdAt),
  ],
);

/**
 * The chat-API contract's attachments: files in `direct` (and support) chats, stored under a random
 * name.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /**
     * Null once the conversation is gone (expired, deleted); with a null uploader (account
     * deleted) that makes the row disposable: cleanup removes the file, then the row.
     */
    conversationId: uuid('conversation_id').references(() => conversations.id, {
      onDelete: 'set null',
    }),
    uploaderId: uuid('uploader_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['image', 'file', 'voice'] }).notNull(),
    /** Sniffed from the content, never taken from the client. */
    mimeType: text('mime_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** The client's file name, cleaned; only used in Content-Disposition. */
    originalName: text('original_name').notNull(),
    storageName: text('storage_name').notNull(),
    durationMs: integer('duration_ms'),
    width: integer('width'),
    height: integer('height'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set in the send's transaction; an upload still unsent an hour later is deleted. */
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Set in the transaction that deleted or removed its message; the file goes right after. */
    discardedAt: timestamp('discarded_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('attachments_storage_name_key').on(t.storageName),
    index('attachments_conversation_idx').on(t.conversationId),
    // The storage quota adds up a user's files.
    index('attachments_uploader_idx').on(t.uploaderId),
    // Cleanup reads only rows that may have to go; sent, live files are not in this index.
    index('attachments_disposable_idx')
      .on(t.createdAt)
      .where(
        sql`sent_at is null or discarded_at is not null or conversation_id is null or uploader_id is null`,
      ),
  ],
);

/**
 * Every admin action (the listening contract's admin_logs), including reviews that changed nothing.
 */
export const adminLogs = pgTable(
  'admin_logs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    adminId: uuid('admin_id').references(() => users.id, { onDelete: 'set null' }),
    /** e.g. ban_user, unban_user, resolve_report, remove_message, warn_user, approve_listener. */
    action: text('action').notNull(),
    targetType: text('target_type', { enum: adminLogTargetTypes }).notNull(),
    targetId: uuid('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('admin_logs_created_idx').on(t.createdAt),
    index('admin_logs_admin_idx').on(t.adminId, t.createdAt),
    index('admin_logs_target_idx').on(t.targetId),
  ],
);

/** Notices from the team to one user (a moderation warning); shown until acknowledged. */
export const userNotices = pgTable(
  'user_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['warning', 'info'] })
      .notNull()
      .default('warning'),
    message: text('message').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
  },
  (t) => [index('user_notices_user_idx').on(t.userId, t.acknowledgedAt)],
);

export type MessageRequestRow = typeof messageRequests.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;
export type AdminLogRow = typeof adminLogs.$inferSelect;
export type UserNoticeRow = typeof userNotices.$inferSelect;

/**
 * Who had a listening session with whom, and when last (the chats themselves vanish after 24 h).
 * Decides who may send whom a message request (30 days); rows older than that are swept.
 */
export const pastSessions = pgTable(
  'past_sessions',
  {
    /** The two user ids, lower one first. */
    userLow: uuid('user_low')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    userHigh: uuid('user_high')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastSessionAt: timestamp('last_session_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userLow, t.userHigh] }),
    index('past_sessions_high_idx').on(t.userHigh),
    index('past_sessions_last_idx').on(t.lastSessionAt),
  ],
);

/**
 * One row per listening chat, without its members or words: the chats themselves are deleted
 * after 24 hours, and the admin dashboard still counts them (chats per day, all-time totals).
 */
export const sessionLog = pgTable(
  'session_log',
  {
    /** The conversation's id while it exists. */
    id: uuid('id').primaryKey(),
    topic: text('topic'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    status: text('status', { enum: ['active', 'ended', 'abandoned'] })
      .notNull()
      .default('active'),
  },
  (t) => [index('session_log_started_idx').on(t.startedAt)],
);

/** How many listeners were available, sampled every few minutes (dashboard: by hour of day). */
export const availabilitySamples = pgTable('availability_samples', {
  sampledAt: timestamp('sampled_at', { withTimezone: true }).primaryKey(),
  available: integer('available').notNull(),
  inChat: integer('in_chat').notNull(),
});

/**
 * What happened that a person should hear about, in their notification centre. Chat messages are
 * grouped: one unread notification per conversation (`group_key`) until it is read.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link').notNull(),
    /** What it is about; no foreign keys: a notification outlives a 24-hour chat. */
    conversationId: uuid('conversation_id'),
    requestId: uuid('request_id'),
    appointmentId: uuid('appointment_id'),
    groupKey: text('group_key'),
    /** An iCalendar file the e-mail carries (an appointment's invitation or cancellation). */
    calendar: text('calendar'),
    /** False when the person turned this type off in the app: kept only for its e-mail or push. */
    inApp: boolean('in_app').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt, t.id),
    uniqueIndex('notifications_unread_group_key')
      .on(t.userId, t.groupKey)
      .where(sql`read_at is null and group_key is not null`),
  ],
);

/** A person's choices: channels per type, quiet hours in their zone, the chat e-mail digest. */
export const notificationSettings = pgTable('notification_settings', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** type → { in_app, email, push }: only what differs from the defaults. */
  channels: jsonb('channels')
    .$type<Record<string, { in_app?: boolean; email?: boolean; push?: boolean }>>()
    .notNull()
    .default({}),
  quietEnabled: boolean('quiet_enabled').notNull().default(false),
  quietStart: text('quiet_start').notNull().default('22:00'),
  quietEnd: text('quiet_end').notNull().default('07:00'),
  timeZone: text('time_zone').notNull().default('UTC'),
  messageEmail: text('message_email', { enum: ['instant', 'hourly', 'never'] })
    .notNull()
    .default('hourly'),
  /** Set when mail to the address bounced permanently: no more e-mail until it changes. */
  emailDisabledAt: timestamp('email_disabled_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A browser's Web Push subscription; disabled (not deleted) when the push service says gone. */
export const pushSubscriptions = pgTable(
  'push_subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('push_subscriptions_endpoint_key').on(t.endpoint),
    index('push_subscriptions_user_idx').on(t.userId),
  ],
);

/**
 * One row per notification and channel that is to be (or was) sent: the idempotency key that
 * makes a notification go out once per channel, whichever node runs the job, however often.
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ['email', 'push'] }).notNull(),
    /**
     * held: waiting for `due_at` (quiet hours, the hourly digest); queued: a job will send it;
     * sent; skipped (nothing to send to, or read before it was due); failed (gave up).
     */
    status: text('status', { enum: ['held', 'queued', 'sent', 'skipped', 'failed'] })
      .notNull()
      .default('queued'),
    /** When a held delivery may go (in the app's clock). */
    dueAt: timestamp('due_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    /** The e-mail's Message-ID, fixed before the first attempt so a repeat is the same mail. */
    messageId: text('message_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.notificationId, t.channel] }),
    index('notification_deliveries_due_idx')
      .on(t.dueAt)
      .where(sql`status = 'held'`),
  ],
);

export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationSettingsRow = typeof notificationSettings.$inferSelect;
export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;

/**
 * A listener's booking settings (DESIGN §12): weekly ranges in their IANA zone, time off, the
 * session lengths offered, buffer, minimum notice, horizon and a daily cap.
 */
export const bookingAvailability = pgTable('booking_availability', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  timeZone: text('time_zone').notNull(),
  acceptsBookings: boolean('accepts_bookings').notNull().default(false),
  /** `partners`: only people who had a listening session with them lately; `anyone`. */
  bookingsFrom: text('bookings_from', { enum: ['partners', 'anyone'] })
    .notNull()
    .default('partners'),
  /** Weekly ranges: weekday 1 (Monday) to 7, `HH:MM` local times. */
  rules: jsonb('rules')
    .$type<{ weekday: number; start: string; end: string }[]>()
    .notNull()
    .default([]),
  /** Instants (ISO, UTC) between which nothing can be booked. */
  timeOff: jsonb('time_off').$type<{ start: string; end: string }[]>().notNull().default([]),
  durations: integer('durations').array().notNull(),
  bufferMinutes: integer('buffer_minutes').notNull(),
  minNoticeMinutes: integer('min_notice_minutes').notNull(),
  horizonDays: integer('horizon_days').notNull(),
  /** At most this many sessions a local day; null: no cap. */
  dailyCap: integer('daily_cap'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A booked session between a sharer and a listener, with its chat (an `appointment`
 * conversation) and its video room. Two scheduled appointments of one listener, or of one
 * sharer, never overlap: exclusion constraints over `tstzrange(starts_at, ends_at)` with
 * `btree_gist` (`appointments_listener_no_overlap`, `appointments_sharer_no_overlap`), written
 * by hand in the migration because the schema language has no exclusion constraints.
 */
export const appointments = pgTable(
  'appointments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sharerId: uuid('sharer_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    listenerId: uuid('listener_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').references(() => conversations.id, {
      onDelete: 'set null',
    }),
    status: text('status', { enum: ['scheduled', 'cancelled', 'completed', 'no_show'] })
      .notNull()
      .default('scheduled'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    topic: text('topic').notNull(),
    note: text('note'),
    /** The listener's zone when it was booked (the day its daily cap counts in). */
    listenerTimeZone: text('listener_time_zone').notNull(),
    /** The Jitsi room: 128 random bits or more, one per appointment. */
    roomName: text('room_name').notNull(),
    /** The calendar file's SEQUENCE: raised by every change of time or status. */
    sequence: integer('sequence').notNull().default(0),
    cancelledBy: uuid('cancelled_by').references(() => users.id, { onDelete: 'set null' }),
    cancelReason: text('cancel_reason'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** Cancelled within the late-cancellation window before the start. */
    lateCancel: boolean('late_cancel').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('appointments_room_key').on(t.roomName),
    uniqueIndex('appointments_conversation_key')
      .on(t.conversationId)
      .where(sql`conversation_id is not null`),
    index('appointments_listener_idx').on(t.listenerId, t.startsAt),
    index('appointments_sharer_idx').on(t.sharerId, t.startsAt),
    index('appointments_starts_idx').on(t.startsAt),
    check('appointments_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/** Every change of an appointment: who (null: Kindred itself), when, and what it became. */
export const appointmentChanges = pgTable(
  'appointment_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The order changes happened in, when two share a timestamp. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id, { onDelete: 'cascade' }),
    action: text('action', {
      enum: ['booked', 'rescheduled', 'updated', 'cancelled', 'completed', 'no_show'],
    }).notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    previousStartsAt: timestamp('previous_starts_at', { withTimezone: true }),
    reason: text('reason'),
  },
  (t) => [index('appointment_changes_appointment_idx').on(t.appointmentId, t.at)],
);

/**
 * The reminders of a scheduled appointment, one per lead time (24 h and 15 min by default).
 * Sending claims the row (`sent_at`), so each goes once, whichever node runs the job.
 */
export const appointmentReminders = pgTable(
  'appointment_reminders',
  {
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id, { onDelete: 'cascade' }),
    minutesBefore: integer('minutes_before').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.appointmentId, t.minutesBefore] }),
    index('appointment_reminders_due_idx')
      .on(t.dueAt)
      .where(sql`sent_at is null`),
  ],
);

export type BookingAvailabilityRow = typeof bookingAvailability.$inferSelect;
export type AppointmentRow = typeof appointments.$inferSelect;
export type AppointmentChangeRow = typeof appointmentChanges.$inferSelect;

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * The resource library (DESIGN §13): articles (Markdown), audio, video, PDFs and links, each
 * moving draft → in_review → published / rejected. `search_vector` is kept by a trigger
 * (title A, summary and topics B, body C, in the language's text-search configuration).
 */
export const resources = pgTable(
  'resources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type', { enum: ['article', 'audio', 'video', 'pdf', 'link'] }).notNull(),
    status: text('status', { enum: ['draft', 'in_review', 'published', 'rejected'] })
      .notNull()
      .default('draft'),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    /** Markdown as the author wrote it. */
    body: text('body'),
    /** The body as plain text (Markdown syntax removed): what is searched and quoted in snippets. */
    plainBody: text('plain_body').notNull().default(''),
    url: text('url'),
    topics: text('topics')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    language: text('language').notNull().default('en'),
    /** The text-search configuration of `language` ('english', 'spanish'…, or 'simple'). */
    searchConfig: text('search_config').notNull().default('simple'),
    searchVector: tsvector('search_vector'),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    /** Written by the team (an admin): shown as "Kindred team" rather than a pseudonym. */
    byTeam: boolean('by_team').notNull().default(false),
    featured: boolean('featured').notNull().default(false),
    rejectionReason: text('rejection_reason'),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** The uploaded file (audio, video, PDF), under DATA_DIR/uploads/resources. */
    fileStorageName: text('file_storage_name'),
    fileMimeType: text('file_mime_type'),
    fileSizeBytes: bigint('file_size_bytes', { mode: 'number' }),
    fileName: text('file_name'),
    durationSeconds: integer('duration_seconds'),
    pages: integer('pages'),
    viewCount: integer('view_count').notNull().default(0),
    downloadCount: integer('download_count').notNull().default(0),
    ...timestamps,
    /** Soft delete: hidden at once; the row and its file go after the grace period. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    // No pending list (fastupdate): searches never scan unmerged entries, which matters most on
    // the embedded database, where no autovacuum merges them.
    index('resources_search_idx').using('gin', t.searchVector).with({ fastupdate: false }),
    index('resources_topics_idx').using('gin', t.topics),
    index('resources_published_idx')
      .on(t.publishedAt.desc(), t.id.desc())
      .where(sql`status = 'published' and deleted_at is null`),
    index('resources_popular_idx')
      .on(t.viewCount.desc(), t.id.desc())
      .where(sql`status = 'published' and deleted_at is null`),
    index('resources_author_idx').on(t.authorId),
    index('resources_review_idx')
      .on(t.status, t.submittedAt)
      .where(sql`deleted_at is null`),
    index('resources_deleted_idx')
      .on(t.deletedAt)
      .where(sql`deleted_at is not null`),
    uniqueIndex('resources_file_key')
      .on(t.fileStorageName)
      .where(sql`file_storage_name is not null`),
  ],
);

/** Every word of every resource, for the typo-tolerant fallback (trigram similarity). */
export const resourceWords = pgTable('resource_words', { word: text('word').primaryKey() }, (t) => [
  index('resource_words_trgm_idx')
    .using('gin', t.word.op('gin_trgm_ops'))
    .with({ fastupdate: false }),
]);

/** Who opened or downloaded what on which day (UTC): a view counts once per person and day. */
export const resourceOpens = pgTable(
  'resource_opens',
  {
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: ['view', 'download'] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.resourceId, t.userId, t.day, t.kind] }),
    index('resource_opens_user_idx').on(t.userId, t.resourceId),
  ],
);

/** Views and downloads per resource and day, for the team's statistics (kept after accounts go). */
export const resourceDailyStats = pgTable(
  'resource_daily_stats',
  {
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    views: integer('views').notNull().default(0),
    downloads: integer('downloads').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.resourceId, t.day] })],
);

export type ResourceRow = typeof resources.$inferSelect;

/**
 * The wellbeing queue (docs/SAFETY.md): self-harm wording and escalations from a chat, for
 * supportive follow-up by the team, apart from punitive moderation.
 */
export const wellbeingItems = pgTable(
  'wellbeing_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id').references(() => conversations.id, {
      onDelete: 'set null',
    }),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    /** Whose wellbeing this is about: the writer of the flagged words, or the chat's sharer. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Who asked for help (an escalation); null for a flag. */
    raisedBy: uuid('raised_by').references(() => users.id, { onDelete: 'set null' }),
    source: text('source', { enum: ['flag', 'escalation'] }).notNull(),
    /** 3 urgent (an escalation), 2 high (self-harm wording). */
    severity: integer('severity').notNull(),
    category: text('category').notNull(),
    rule: text('rule'),
    flaggedText: text('flagged_text'),
    state: text('state', { enum: ['open', 'acknowledged', 'closed'] })
      .notNull()
      .default('open'),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id, { onDelete: 'set null' }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('wellbeing_items_queue_idx').on(t.state, t.severity, t.createdAt),
    index('wellbeing_items_conversation_idx').on(t.conversationId),
  ],
);

/** What the team did on a wellbeing item: a check-in or resource sent, a note. */
export const wellbeingActions = pgTable(
  'wellbeing_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => wellbeingItems.id, { onDelete: 'cascade' }),
    adminId: uuid('admin_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['check_in', 'resource', 'note', 'debrief'] }).notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('wellbeing_actions_item_idx').on(t.itemId, t.createdAt)],
);
