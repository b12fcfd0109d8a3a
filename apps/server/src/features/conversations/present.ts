import type { ChatMessage, Reaction } from '@kindred/protocol';
import type { MessageRow } from '../../db/schema';
import { type AttachmentRow, toAttachment } from '../attachments';

/**
 * What a message looks like to one viewer: deleted or removed (by moderation) text is gone,
 * `is_own_message` is theirs.
 */
export function toChatMessage(
  row: MessageRow,
  senderPseudonym: string,
  reactions: { emoji: string; userIds: string[] }[],
  viewerId: string,
  /** The row's attachment, when it has one (loaded with the message). */
  attachment?: AttachmentRow,
  /** The id each member goes by for others (staff on a ticket: the team's). */
  shownId: (userId: string) => string = (userId) => userId,
  /** Whether read receipts are shared in this conversation (else `read_at` stays null). */
  receiptsShared = true,
): ChatMessage {
  const seen = (userId: string) => (userId === viewerId ? userId : shownId(userId));
  const removed = row.moderationStatus === 'removed';
  const deleted = row.deletedAt !== null || removed;
  return {
    id: row.id,
    message_id: row.id,
    session_id: row.conversationId,
    seq: row.seq,
    version_seq: row.versionSeq,
    client_msg_id: row.clientMsgId,
    sender_id: row.senderId && seen(row.senderId),
    sender_pseudonym: senderPseudonym,
    kind: row.kind,
    content: deleted ? '' : row.content,
    sent_at: row.sentAt.toISOString(),
    edited_at: row.editedAt?.toISOString() ?? null,
    deleted_at: row.deletedAt?.toISOString() ?? null,
    read_at: receiptsShared ? (row.readAt?.toISOString() ?? null) : null,
    is_own_message: row.senderId === viewerId,
    reactions: deleted ? [] : reactions.map((r) => toReaction(r, seen)),
    removed,
    attachment: deleted || !attachment ? null : toAttachment(attachment),
  };
}

export function toReaction(
  r: { emoji: string; userIds: string[] },
  shownId: (userId: string) => string = (userId) => userId,
): Reaction {
  return { emoji: r.emoji, count: r.userIds.length, user_ids: r.userIds.map(shownId) };
}
