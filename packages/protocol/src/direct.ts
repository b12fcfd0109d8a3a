// Direct messages (the direct-messaging contract, with the user-chat contract's controls):
// requests, inbox, send, read, mute/clear/archive. The direct-messaging contract wraps every answer
// as { success: true, data, meta? }; errors are the usual body.
import { z } from 'zod';
import {
  chatMessageSchema,
  crisisSupportSchema,
  MESSAGE_MAX_CHARS,
  messageKindSchema,
} from './conversations';
import { limits } from './limits';
import { pagedEnvelope, successEnvelope, uuidParams } from './schema-builders';

export { successEnvelope };

const cursor = z.string().trim().max(200).optional();
const listLimit = (max: number, fallback: number) =>
  z.coerce
    .number()
    .int('limit must be a whole number')
    .min(1)
    .max(max, `limit can be at most ${max}`)
    .default(fallback);

/**
 * Another member as a direct-message partner sees them: pseudonym only (the direct-messaging
 * contract's `name` and `profile_photos` carry the pseudonym and the avatar, for clients written
 * against the seed). `is_online` is null when hidden (their privacy setting, or a block).
 */
export const dmUserSchema = z.object({
  id: z.uuid(),
  pseudonym: z.string(),
  name: z.string(),
  profile_picture_url: z.string().nullable(),
  profile_photos: z.array(z.string()),
  is_online: z.boolean().nullable(),
  last_active: z.iso.datetime().nullable(),
});
export type DmUser = z.infer<typeof dmUserSchema>;

// ── Requests ───────────────────────────────────────────────────────────────────────────────────

export const messageRequestStatuses = ['pending', 'accepted', 'declined', 'cancelled'] as const;
export const messageRequestStatusSchema = z.enum(messageRequestStatuses);
export type MessageRequestStatus = z.infer<typeof messageRequestStatusSchema>;

/** For forms: the 250-character rule as a field error. */
export const messageRequestContentSchema = z
  .string()
  .trim()
  .min(1, 'Write a message first')
  .max(limits.messageRequestMax, `Keep it to ${limits.messageRequestMax} characters or fewer`);

/**
 * POST /messages/request. Content longer than 250 characters (up to the usual message limit) is
 * refused by the service with the direct-messaging contract's CONTENT_TOO_LONG rather than a
 * generic validation error.
 */
export const sendMessageRequestBodySchema = z.strictObject({
  receiver_id: z.uuid('receiver_id must be a user id'),
  content: z
    .string()
    .trim()
    .min(1, 'Write a message first')
    .max(MESSAGE_MAX_CHARS, `Messages can be at most ${MESSAGE_MAX_CHARS} characters`),
});
export type SendMessageRequestBody = z.infer<typeof sendMessageRequestBodySchema>;

export const sendMessageRequestResponseSchema = successEnvelope(
  z.object({
    request_id: z.uuid(),
    /** The request's message exists once accepted; null while pending. */
    message_id: z.uuid().nullable(),
    message: z.string(),
    preview_text: z.string(),
    status: messageRequestStatusSchema,
  }),
);
export type SendMessageRequestResponse = z.infer<typeof sendMessageRequestResponseSchema>;

export const messageRequestsQuerySchema = z.strictObject({
  type: z.enum(['received', 'sent']).default('received'),
  status: messageRequestStatusSchema.default('pending'),
  limit: listLimit(50, 20),
  cursor,
});
export type MessageRequestsQuery = z.input<typeof messageRequestsQuerySchema>;

export const messageRequestSchema = z.object({
  id: z.uuid(),
  sender: dmUserSchema,
  receiver: dmUserSchema,
  preview_text: z.string(),
  status: messageRequestStatusSchema,
  created_at: z.iso.datetime(),
  responded_at: z.iso.datetime().nullable(),
  /** Set once accepted. */
  conversation_id: z.uuid().nullable(),
});
export const messageRequestsResponseSchema = pagedEnvelope('requests', messageRequestSchema);
export type MessageRequest = z.infer<typeof messageRequestSchema>;
export type MessageRequestsResponse = z.infer<typeof messageRequestsResponseSchema>;

export const requestParamsSchema = uuidParams('id', 'Request id must be a UUID');

/** The receiver accepts or declines; the sender may cancel. */
export const respondToRequestBodySchema = z.strictObject({
  action: z.enum(['accept', 'decline', 'cancel']),
});
export type RespondToRequestBody = z.infer<typeof respondToRequestBodySchema>;

export const respondToRequestResponseSchema = successEnvelope(
  z.object({
    message: z.string(),
    conversation_id: z.uuid().optional(),
    match_created: z.boolean().optional(),
    /** Kindred has no separate matches: the direct conversation is the match. */
    match_id: z.uuid().optional(),
  }),
);
export type RespondToRequestResponse = z.infer<typeof respondToRequestResponseSchema>;

/** GET /messages/contacts: people the user may send a request to (recent listening partners). */
export const messageContactSchema = z.object({
  user: dmUserSchema,
  last_session_at: z.iso.datetime().nullable(),
  /** The pair's direct conversation, if one exists already. */
  conversation_id: z.uuid().nullable(),
  pending_request_id: z.uuid().nullable(),
});
export const messageContactsResponseSchema = successEnvelope(
  z.object({ contacts: z.array(messageContactSchema) }),
);
export type MessageContact = z.infer<typeof messageContactSchema>;

// ── Sending and reading ────────────────────────────────────────────────────────────────────────

export const directMessageTypes = ['text', 'image', 'file', 'voice'] as const;

/**
 * POST /messages/send: to a conversation, or to a user (their direct conversation). A reply to a
 * pending request from that user accepts it. Attachments are uploaded first (their id here).
 */
export const sendDirectMessageBodySchema = z
  .strictObject({
    receiver_id: z.uuid('receiver_id must be a user id').optional(),
    conversation_id: z.uuid('conversation_id must be a UUID').optional(),
    content: z
      .string()
      .trim()
      .max(MESSAGE_MAX_CHARS, `Messages can be at most ${MESSAGE_MAX_CHARS} characters`)
      .default(''),
    message_type: z.string().default('text'),
    attachment_id: z.uuid('attachment_id must be a UUID').optional(),
    client_msg_id: z.uuid('client_msg_id must be a UUID').optional(),
  })
  .refine((b) => b.receiver_id || b.conversation_id, {
    message: 'Give receiver_id or conversation_id',
    path: ['receiver_id'],
  });
export type SendDirectMessageBody = z.input<typeof sendDirectMessageBodySchema>;

export const sendDirectMessageResponseSchema = successEnvelope(
  z.object({
    message_id: z.uuid(),
    conversation_id: z.uuid(),
    message: z.string(),
    created_at: z.iso.datetime(),
    /** The stored message, as sockets deliver it. */
    chat_message: chatMessageSchema,
    /** Present when the message was flagged for the sender's safety (one calm card). */
    crisis_support: crisisSupportSchema.optional(),
  }),
);
export type SendDirectMessageResponse = z.infer<typeof sendDirectMessageResponseSchema>;

export const messageParamsSchema = uuidParams('id', 'Message id must be a UUID');

export const markReadResponseSchema = successEnvelope(
  z.object({ message: z.string(), read_at: z.iso.datetime() }),
);

// ── Conversations ──────────────────────────────────────────────────────────────────────────────

export const conversationsQuerySchema = z.strictObject({
  limit: listLimit(50, 20),
  cursor,
  type: z.enum(['active', 'archived']).default('active'),
});
export type ConversationsQuery = z.input<typeof conversationsQuerySchema>;

export const conversationSummarySchema = z.object({
  id: z.uuid(),
  kind: z.enum(['direct', 'support']),
  user: dmUserSchema,
  last_message: z
    .object({
      id: z.uuid(),
      content: z.string(),
      kind: messageKindSchema,
      sender_id: z.uuid().nullable(),
      created_at: z.iso.datetime(),
      /** Null when read receipts are off for this pair. */
      is_read: z.boolean().nullable(),
    })
    .nullable(),
  unread_count: z.number().int(),
  last_activity: z.iso.datetime(),
  muted_until: z.iso.datetime().nullable(),
  archived: z.boolean(),
  /** Either side blocked the other: the conversation is read-only. */
  blocked: z.boolean(),
  /** The viewer is the one who blocked (they may unblock). */
  blocked_by_me: z.boolean(),
});
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;

export const conversationsResponseSchema = pagedEnvelope(
  'conversations',
  conversationSummarySchema,
);
export type ConversationsResponse = z.infer<typeof conversationsResponseSchema>;

export const conversationParamsSchema = uuidParams('id', 'Conversation id must be a UUID');

/**
 * GET /conversations/:id/messages (the direct-messaging contract): oldest first within the page.
 */
export const directHistoryQuerySchema = z.strictObject({
  limit: listLimit(100, 50),
  /** From a previous page's meta: older messages. */
  cursor,
});
export const directMessageSchema = chatMessageSchema.extend({
  receiver_id: z.uuid().nullable(),
  message_type: messageKindSchema,
  is_request: z.boolean(),
  request_status: messageRequestStatusSchema.nullable(),
  /** Null when read receipts are off for this pair. */
  is_read: z.boolean().nullable(),
  read_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
});
export type DirectMessage = z.infer<typeof directMessageSchema>;
export const directHistoryResponseSchema = pagedEnvelope('messages', directMessageSchema);
export type DirectHistoryResponse = z.infer<typeof directHistoryResponseSchema>;

// ── Controls (the user-chat contract): mute, clear, archive ──────────────────────────────────────

export const muteBodySchema = z.strictObject({ duration: z.enum(['8h', '1w', 'always']) });
export type MuteBody = z.infer<typeof muteBodySchema>;

export const conversationSettingsResponseSchema = successEnvelope(
  z.object({
    message: z.string(),
    muted_until: z.iso.datetime().nullable(),
    archived: z.boolean(),
    /** Messages up to this seq are hidden for this member only. */
    cleared_before_seq: z.number().int(),
  }),
);

/**
 * POST /users/:id/report (the direct-messaging contract's reasons; the listening contract's are
 * accepted too).
 */
export const userReportBodySchema = z.strictObject({
  reason: z.enum([
    'fake_profile',
    'inappropriate_behavior',
    'harassment',
    'inappropriate',
    'spam',
    'safety_concern',
    'other',
  ]),
  description: z.string().trim().max(1000).optional(),
  conversation_id: z.uuid().optional(),
  message_id: z.uuid().optional(),
});
export type UserReportBody = z.infer<typeof userReportBodySchema>;
export const userReportResponseSchema = successEnvelope(
  z.object({ message: z.string(), report_id: z.uuid() }),
);

// ── Realtime ───────────────────────────────────────────────────────────────────────────────────

/**
 * `conversation_settings` to every device of the member who muted, cleared or archived: their other
 * devices follow (the user-chat contract's multi-device). Only that member's own view changes.
 */
export const conversationSettingsEventSchema = z.object({
  conversation_id: z.uuid(),
  muted_until: z.iso.datetime().nullable(),
  archived: z.boolean(),
  cleared_before_seq: z.number().int(),
});
export type ConversationSettingsEvent = z.infer<typeof conversationSettingsEventSchema>;

/** `message_request` to the receiver; `message_request_updated` to both when answered. */
export const messageRequestEventSchema = messageRequestSchema;
export type MessageRequestEvent = MessageRequest;
