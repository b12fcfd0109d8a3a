import {
  type Attachment,
  chatMessageSchema,
  MESSAGE_MAX_CHARS,
  historyResponseSchema,
  messageContentSchema,
  reactionUpdateSchema,
  TYPING_INTERVAL_MS,
  type reactionEmojis,
} from '@kindred/protocol';
import { z } from 'zod';
import { apiJson } from '../../lib/api';
import {
  type AckFailure,
  type AckResult,
  emitVolatile,
  parseEvent,
  request,
} from '../../lib/socket';
import { type Client, getClient, historyPath, receiveMessages } from './chat-client';
import { getConversation, updateConversation } from './chat-store';
import {
  applyHistoryPage,
  applyReactionUpdate,
  applyRead,
  myLastReadSeq,
  oldestShownId,
} from './conversation-state';
import type { SendOutcome, SharedResourceRef } from './outbox';

/** With an attachment the text is a caption: it may be empty. */
const captionSchema = z
  .string()
  .trim()
  .max(MESSAGE_MAX_CHARS, `Messages can be at most ${MESSAGE_MAX_CHARS} characters`);

/** What a person can do in a chat; every action goes through the signed-in session's engine. */

export type ReactionEmoji = (typeof reactionEmojis)[number];

/** Throttles and read markers belong to one signed-in session: a new session starts afresh. */
let owner: Client | null = null;
let lastTypingSent = new Map<string, number>();
let lastMarkedRead = new Map<string, number>();
function sessionState() {
  const client = getClient();
  if (client !== owner) {
    owner = client;
    lastTypingSent = new Map();
    lastMarkedRead = new Map();
  }
  return { client, lastTypingSent, lastMarkedRead };
}

/** "Load more": the page of history before the oldest message shown. */
export async function loadOlder(sessionId: string): Promise<void> {
  const state = getConversation(sessionId);
  const before = oldestShownId(state);
  if (state.loadingOlder || !state.hasMoreBefore || !before) return;
  updateConversation(sessionId, (s) => ({ ...s, loadingOlder: true }));
  try {
    const page = await apiJson('GET', historyPath(sessionId, before), historyResponseSchema);
    updateConversation(sessionId, (s) => applyHistoryPage(s, page, true));
    receiveMessages(sessionId, page.messages);
  } catch (error) {
    updateConversation(sessionId, (s) => ({ ...s, loadingOlder: false }));
    throw error;
  }
}

export type SendResult =
  | { queued: true; firstAttempt: Promise<SendOutcome | null>; clientMsgId: string }
  | { queued: false; error: string };

/**
 * Puts a message in the outbox (stored first) and starts sending it. With an uploaded
 * attachment the text is an optional caption.
 */
export function sendMessage(sessionId: string, text: string, attachment?: Attachment): SendResult {
  const parsed = (attachment ? captionSchema : messageContentSchema).safeParse(text);
  if (!parsed.success) {
    return { queued: false, error: parsed.error.issues[0]?.message ?? 'Write a message first' };
  }
  const client = getClient();
  if (!client) return { queued: false, error: 'Please sign in again to send messages.' };
  try {
    const { entry, firstAttempt } = client.outbox.add(sessionId, parsed.data, attachment);
    return { queued: true, firstAttempt, clientMsgId: entry.client_msg_id };
  } catch (error) {
    return {
      queued: false,
      error: error instanceof Error ? error.message : 'Your message could not be saved.',
    };
  }
}

/** Shares a library resource into the chat: a message of kind `resource`, through the outbox. */
export function shareResource(sessionId: string, resource: SharedResourceRef): SendResult {
  const client = getClient();
  if (!client) return { queued: false, error: 'Please sign in again to send messages.' };
  try {
    const { entry, firstAttempt } = client.outbox.add(sessionId, '', undefined, {
      id: resource.id,
      type: resource.type,
      title: resource.title,
    });
    return { queued: true, firstAttempt, clientMsgId: entry.client_msg_id };
  } catch (error) {
    return {
      queued: false,
      error: error instanceof Error ? error.message : 'Your message could not be saved.',
    };
  }
}

/** Removes an outbox entry; returns its text (for "Edit"). */
export function removeOutboxEntry(clientMsgId: string): string | null {
  return getClient()?.outbox.remove(clientMsgId)?.content ?? null;
}

/** The ack of an edit or a delete carries the message as it now is: it replaces the one shown. */
function showChangedMessage(
  sessionId: string,
  response: AckResult<'edit_message'> | AckResult<'delete_message'>,
  label: string,
): AckFailure | null {
  if (!response.success) return response;
  const message = parseEvent(chatMessageSchema, response.message, label);
  if (message) receiveMessages(sessionId, [message]);
  return null;
}

export async function editMessage(
  sessionId: string,
  messageId: string,
  content: string,
): Promise<AckFailure | null> {
  const response = await request('edit_message', {
    session_id: sessionId,
    message_id: messageId,
    content,
  });
  return showChangedMessage(sessionId, response, 'edit_message ack');
}

export async function deleteMessage(
  sessionId: string,
  messageId: string,
): Promise<AckFailure | null> {
  const response = await request('delete_message', {
    session_id: sessionId,
    message_id: messageId,
  });
  return showChangedMessage(sessionId, response, 'delete_message ack');
}

export async function toggleReaction(
  sessionId: string,
  messageId: string,
  emoji: ReactionEmoji,
): Promise<AckFailure | null> {
  const response = await request('message_reaction', {
    session_id: sessionId,
    message_id: messageId,
    emoji,
  });
  if (!response.success) return response;
  const update = parseEvent(reactionUpdateSchema, response, 'message_reaction ack');
  if (update) updateConversation(sessionId, (s) => applyReactionUpdate(s, update));
  return null;
}

/** Tells the others "typing…", at most once per TYPING_INTERVAL_MS. */
export function notifyTyping(sessionId: string): void {
  const { lastTypingSent } = sessionState();
  const now = Date.now();
  if (now - (lastTypingSent.get(sessionId) ?? 0) < TYPING_INTERVAL_MS) return;
  lastTypingSent.set(sessionId, now);
  emitVolatile('typing', { session_id: sessionId });
}

/** Moves the user's read marker to `seq` (only forward, once per value). */
export function markRead(sessionId: string, seq: number): void {
  const { client, lastMarkedRead } = sessionState();
  if (!client?.socket.connected) return;
  const { userId } = client;
  const state = getConversation(sessionId);
  const known = Math.max(
    lastMarkedRead.get(sessionId) ?? 0,
    myLastReadSeq(state.conversation, userId),
  );
  if (seq <= known) return;
  lastMarkedRead.set(sessionId, seq);
  void request('mark_read', { session_id: sessionId, seq }).then((response) => {
    if (!response.success) {
      lastMarkedRead.delete(sessionId);
      return;
    }
    updateConversation(sessionId, (s) =>
      applyRead(s, {
        session_id: sessionId,
        user_id: userId,
        last_read_seq: response.last_read_seq,
      }),
    );
  });
}

export function dismissCrisis(sessionId: string): void {
  updateConversation(sessionId, (s) => ({ ...s, crisis: null }));
}

export function dismissGuidance(sessionId: string): void {
  updateConversation(sessionId, (s) => ({ ...s, guidance: null, guidanceDismissed: true }));
}
