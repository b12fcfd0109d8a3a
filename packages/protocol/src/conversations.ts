import { z } from 'zod';
import { attachmentSchema } from './attachments';
import { resourceCardSchema } from './resources';
import { type ErrorBody, errorBodySchema } from './errors';
import { uuidParams } from './schema-builders';
import type { AccountBannedEvent, UserNotice } from './admin';
import type { Reauthenticate, SessionEndedEvent, TokenExpiringEvent } from './identity';
import type {
  ChatEndedEvent,
  ChatRequestEvent,
  ListenerStatusUpdate,
  WaitingUpdate,
} from './listening';
import type { ConversationSettingsEvent, MessageRequestEvent } from './direct';
import type { NotificationEvent, NotificationsReadEvent } from './notifications';
import type { SafetyAlertEvent, SafetyGuidanceEvent, WellbeingCheckInEvent } from './wellbeing';

/** The listening contract: message content is 1–2000 characters. */
export const MESSAGE_MAX_CHARS = 2000;
/** A member may edit their own message for this long after sending it. */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;
/** Socket payloads larger than this are refused with PAYLOAD_TOO_LARGE. */
export const SOCKET_PAYLOAD_MAX_BYTES = 16 * 1024;
/** "X is typing…" shows this long after the last typing event. */
export const TYPING_DISPLAY_MS = 3000;
/** Typing events are relayed at most once per this interval, per user and conversation. */
export const TYPING_INTERVAL_MS = 2000;

export const conversationKinds = ['listening', 'direct', 'appointment', 'support'] as const;
export const conversationKindSchema = z.enum(conversationKinds);
export type ConversationKind = z.infer<typeof conversationKindSchema>;

export const reactionEmojis = ['❤️', '👍', '🤗', '🙏', '😢', '😊'] as const;
export const reactionEmojiSchema = z.enum(reactionEmojis);

/**
 * What a message is: text, a note from the system, an attachment of one of these kinds, or a
 * resource from the library shared as a card.
 */
export const messageKindSchema = z.enum(['text', 'system', 'image', 'file', 'voice', 'resource']);

export const messageContentSchema = z
  .string()
  .trim()
  .min(1, 'Write a message first')
  .max(MESSAGE_MAX_CHARS, `Messages can be at most ${MESSAGE_MAX_CHARS} characters`);

export const reactionSchema = z.object({
  emoji: z.string(),
  count: z.number().int(),
  user_ids: z.array(z.uuid()),
});
export type Reaction = z.infer<typeof reactionSchema>;

/**
 * A message as clients see it. `id` and `message_id` are the same value: the listening contract
 * names it `id` in history and `message_id` in `new_message`, and clients are written against both.
 */
export const chatMessageSchema = z.object({
  id: z.uuid(),
  message_id: z.uuid(),
  session_id: z.uuid(),
  seq: z.number().int(),
  version_seq: z.number().int(),
  client_msg_id: z.uuid().nullable(),
  sender_id: z.uuid().nullable(),
  sender_pseudonym: z.string(),
  kind: messageKindSchema,
  content: z.string(),
  sent_at: z.iso.datetime(),
  edited_at: z.iso.datetime().nullable(),
  deleted_at: z.iso.datetime().nullable(),
  /**
   * When another member first read it; null until then, or when receipts are not shared. The
   * server always sends it (optional only for messages a client builds itself, e.g. its outbox).
   */
  read_at: z.iso.datetime().nullable().optional(),
  is_own_message: z.boolean(),
  reactions: z.array(reactionSchema),
  /** Removed by moderation: the content is gone for everyone, like a deleted message. */
  removed: z.boolean(),
  /** Image, file and voice messages: the file (null once deleted or removed); `content` is its caption. */
  attachment: attachmentSchema.nullable(),
  /**
   * Resource messages: the shared resource as a card (null once it is unpublished or deleted);
   * `content` is an optional note with it. Absent from servers that predate resources.
   */
  resource: resourceCardSchema.nullable().optional(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Shown to someone whose message suggests they may be in danger: one calm card, not a wall. */
export const crisisSupportSchema = z.object({
  title: z.string(),
  body: z.string(),
  action_label: z.string(),
  action_url: z.string(),
});
export type CrisisSupport = z.infer<typeof crisisSupportSchema>;

const sessionRef = { session_id: z.uuid('session_id must be a UUID') };

// Client → server payloads.
export const joinChatSchema = z.strictObject(sessionRef);
export const leaveChatSchema = z.strictObject(sessionRef);
export const typingSchema = z.strictObject(sessionRef);
/** With an attachment the text is an optional caption; without one it is required. */
const captionSchema = z
  .string()
  .trim()
  .max(MESSAGE_MAX_CHARS, `Messages can be at most ${MESSAGE_MAX_CHARS} characters`)
  .default('');
const hasContentOrAttachment = {
  check: (b: { content: string; attachment_id?: string; resource_id?: string }) =>
    b.content.length > 0 || b.attachment_id !== undefined || b.resource_id !== undefined,
  issue: { message: 'Write a message first', path: ['content'] },
};
export const sendMessageSchema = z
  .strictObject({
    ...sessionRef,
    content: captionSchema,
    /** An uploaded attachment (POST /conversations/:id/attachments) this message carries. */
    attachment_id: z.uuid('attachment_id must be a UUID').optional(),
    /** A published resource this message shares as a card (kind `resource`); not with a file. */
    resource_id: z.uuid('resource_id must be a UUID').optional(),
    /** Makes retries safe: the same id never creates a second message. */
    client_msg_id: z.uuid('client_msg_id must be a UUID').optional(),
  })
  .refine(hasContentOrAttachment.check, hasContentOrAttachment.issue);
export type SendMessage = z.input<typeof sendMessageSchema>;
export const editMessageSchema = z.strictObject({
  ...sessionRef,
  message_id: z.uuid(),
  content: messageContentSchema,
});
export const deleteMessageSchema = z.strictObject({ ...sessionRef, message_id: z.uuid() });
/** Read up to `seq` of `session_id`, or up to a message by its id alone. */
export const markReadSchema = z.union([
  z.strictObject({ ...sessionRef, seq: z.number().int().min(0) }),
  z.strictObject({ message_id: z.uuid('message_id must be a message id') }),
]);
export const messageReactionSchema = z.strictObject({
  ...sessionRef,
  message_id: z.uuid(),
  emoji: reactionEmojiSchema,
  /** Omitted: toggle. */
  action: z.enum(['add', 'remove']).optional(),
});
export const syncSchema = z.strictObject({
  ...sessionRef,
  after_version_seq: z.number().int().min(0),
  limit: z.number().int().min(1).max(500).optional(),
});

export const memberSchema = z.object({
  user_id: z.uuid(),
  pseudonym: z.string(),
  role: z.string(),
  online: z.boolean(),
  last_active: z.iso.datetime().nullable(),
  last_read_seq: z.number().int(),
});
export type Member = z.infer<typeof memberSchema>;

export const conversationSchema = z.object({
  session_id: z.uuid(),
  kind: conversationKindSchema,
  status: z.enum(['active', 'ended', 'abandoned']),
  topic: z.string().nullable(),
  started_at: z.iso.datetime(),
  expires_at: z.iso.datetime().nullable(),
  last_seq: z.number().int(),
  members: z.array(memberSchema),
  /**
   * A message of this chat suggested risk (self-harm wording) that this member may know of: their
   * own, or — for its listener — either member's. Never tells a sharer of the listener's wording.
   */
  safety_flagged: z.boolean().optional(),
});
export type Conversation = z.infer<typeof conversationSchema>;

// Server → client payloads.
export const userJoinedSchema = z.object({
  ...sessionRef,
  user_id: z.uuid(),
  pseudonym: z.string(),
});
export const userTypingSchema = z.object({
  ...sessionRef,
  user_id: z.uuid(),
  pseudonym: z.string(),
});
export const messageReadSchema = z.object({
  ...sessionRef,
  user_id: z.uuid(),
  last_read_seq: z.number().int(),
  // The server always sends these three (optional for receipts a client applies itself).
  /** The message at `last_read_seq` (null if it no longer exists). */
  message_id: z.uuid().nullable().optional(),
  /** Who read: the same as `user_id`. */
  read_by: z.uuid().optional(),
  read_at: z.iso.datetime().optional(),
});
export const reactionUpdateSchema = z.object({
  ...sessionRef,
  message_id: z.uuid(),
  version_seq: z.number().int(),
  reactions: z.array(reactionSchema),
});
export const presenceSchema = z.object({
  user_id: z.uuid(),
  online: z.boolean(),
  last_active: z.iso.datetime().nullable(),
});
export type Presence = z.infer<typeof presenceSchema>;

export type UserJoined = z.infer<typeof userJoinedSchema>;
export type UserTyping = z.infer<typeof userTypingSchema>;
export type MessageRead = z.infer<typeof messageReadSchema>;
export type ReactionUpdate = z.infer<typeof reactionUpdateSchema>;

/** Every ack: the data on success, the error body (DESIGN §7) otherwise. */
export type Ack<T extends object = object> = ({ success: true } & T) | ErrorBody;
export const ackErrorSchema = errorBodySchema;

export interface SendMessageResult {
  message: ChatMessage;
  /** Present when the message was flagged for the sender's safety. */
  crisis_support?: CrisisSupport;
}
export interface SyncResult {
  messages: ChatMessage[];
  has_more: boolean;
  conversation: Conversation;
}

type AckFn<T extends object = object> = (response: Ack<T>) => void;
/** A client event whose payload `Payload` checks; the ack carries `T` on success. */
type ClientEvent<Payload extends z.ZodType, T extends object = object> = (
  payload: z.input<Payload>,
  ack?: AckFn<T>,
) => void;

/** Events a client sends; each takes an optional ack as its last argument. */
export interface ClientToServerEvents {
  join_chat: ClientEvent<typeof joinChatSchema, { conversation: Conversation }>;
  leave_chat: ClientEvent<typeof leaveChatSchema>;
  send_message: (payload: SendMessage, ack?: AckFn<SendMessageResult>) => void;
  edit_message: ClientEvent<typeof editMessageSchema, { message: ChatMessage }>;
  delete_message: ClientEvent<typeof deleteMessageSchema, { message: ChatMessage }>;
  typing: ClientEvent<typeof typingSchema>;
  mark_read: ClientEvent<
    typeof markReadSchema,
    { session_id: string; last_read_seq: number; message_id: string | null; read_at: string }
  >;
  message_reaction: ClientEvent<typeof messageReactionSchema, z.infer<typeof reactionUpdateSchema>>;
  sync: ClientEvent<typeof syncSchema, SyncResult>;
  /**
   * The listening contract: a listener changes availability over the socket (same rules as the REST
   * call).
   */
  status_change: (
    payload: { availability: 'available' | 'unavailable' | 'in_chat' },
    ack?: AckFn<{ listener_availability: string }>,
  ) => void;
  /** Sharers browsing matches subscribe to `listener_status_update`. */
  watch_listeners: (payload: Record<string, never>, ack?: AckFn) => void;
  unwatch_listeners: (payload: Record<string, never>, ack?: AckFn) => void;
  /** The answer to `token_expiring`: a fresh access token of the same user keeps the socket. */
  reauthenticate: (payload: Reauthenticate, ack?: AckFn<{ expires_at: string }>) => void;
}

/**
 * What each user may send per minute of each socket event, across all their sockets and every
 * node. Past it the ack is RATE_LIMITED with `retry_after`. Sends are also held to the message
 * limit (30 new messages a minute); their budget, which also covers retries of stored ones, is
 * twice that limit where a deployment changes it (RATE_LIMIT_MESSAGES_PER_MIN).
 */
export const socketEventBudgetsPerMinute = {
  send_message: 60,
  edit_message: 20,
  delete_message: 20,
  message_reaction: 30,
  mark_read: 50,
  typing: 60,
  sync: 30,
  join_chat: 60,
  leave_chat: 60,
  status_change: 10,
  watch_listeners: 10,
  unwatch_listeners: 10,
  reauthenticate: 10,
} as const satisfies Record<keyof ClientToServerEvents, number>;

/** Open sockets one user may hold at once (tabs and devices together); the next is refused. */
export const SOCKETS_PER_USER_MAX = 10;

/** Events the server sends. */
export interface ServerToClientEvents {
  new_message: (message: ChatMessage) => void;
  message_updated: (message: ChatMessage) => void;
  message_reaction_update: (update: ReactionUpdate) => void;
  message_read: (read: MessageRead) => void;
  user_typing: (typing: UserTyping) => void;
  user_joined: (joined: UserJoined) => void;
  user_left: (left: UserJoined) => void;
  user_online: (presence: Presence) => void;
  user_offline: (presence: Presence) => void;
  chat_ended: (ended: ChatEndedEvent) => void;
  chat_request: (request: ChatRequestEvent) => void;
  listener_status_update: (update: ListenerStatusUpdate) => void;
  /** Talk-now: where the sharer stands (asking a listener, place in line, connected, left). */
  waiting_update: (update: WaitingUpdate) => void;
  /** Sent just before the server disconnects a banned user's sockets. */
  account_banned: (banned: AccountBannedEvent) => void;
  /** The socket's access token expires soon: answer with `reauthenticate` or be disconnected. */
  token_expiring: (expiring: TokenExpiringEvent) => void;
  /** Sent just before the server disconnects a socket whose session ended (logout, deletion). */
  session_ended: (ended: SessionEndedEvent) => void;
  /** A notice (warning) from the team; also listed by GET /users/me/notices until acknowledged. */
  notice: (notice: UserNotice) => void;
  /** A message request arrived (to the receiver's devices). */
  message_request: (request: MessageRequestEvent) => void;
  /** A message request was accepted, declined or cancelled (to both users' devices). */
  message_request_updated: (request: MessageRequestEvent) => void;
  /** The user muted, cleared or archived a conversation on one device (to all their devices). */
  conversation_settings: (settings: ConversationSettingsEvent) => void;
  /** A new notification, with the user's unread count (to every device). */
  notification: (notification: NotificationEvent) => void;
  /** Notifications were read on one device (to every device), with the new unread count. */
  notifications_read: (read: NotificationsReadEvent) => void;
  /** A new wellbeing item (self-harm wording, an escalation), to signed-in team members. */
  safety_alert: (item: SafetyAlertEvent) => void;
  /** A check-in from the team, to the person a wellbeing item is about. */
  wellbeing_check_in: (checkIn: WellbeingCheckInEvent) => void;
  /** A message in their chat suggested risk: private guidance, to the chat's listener only. */
  safety_guidance: (guidance: SafetyGuidanceEvent) => void;
}

/** GET /chat/sessions/:sessionId/messages (the listening contract). */
export const historyParamsSchema = uuidParams('sessionId');
export const historyQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** A message id: only messages sent before it. */
  before: z.uuid('before must be a message id').optional(),
});
export const historyResponseSchema = z.object({
  messages: z.array(chatMessageSchema),
  has_more: z.boolean(),
});
export type HistoryResponse = z.infer<typeof historyResponseSchema>;

/** POST /chat/sessions/:sessionId/messages: the same pipeline as the socket event. */
export const postMessageBodySchema = z
  .strictObject({
    content: captionSchema,
    attachment_id: z.uuid('attachment_id must be a UUID').optional(),
    resource_id: z.uuid('resource_id must be a UUID').optional(),
    client_msg_id: z.uuid().optional(),
  })
  .refine(hasContentOrAttachment.check, hasContentOrAttachment.issue);
export const postMessageResponseSchema = z.object({
  message: chatMessageSchema,
  crisis_support: crisisSupportSchema.optional(),
});
