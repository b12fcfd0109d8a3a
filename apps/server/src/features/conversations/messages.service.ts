import {
  type ChatMessage,
  type Conversation,
  type CrisisSupport,
  EDIT_WINDOW_MS,
  type ReactionUpdate,
  type SendMessageResult,
  type SyncResult,
} from '@kindred/protocol';
import type { RateLimitRule } from '../../config';
import type { Db } from '../../db/client';
import type { MessageRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import type { EventBus } from '../../lib/events';
import type { RateLimiter } from '../../lib/rate-limit';
import type { Notifier } from '../../realtime/notifier';
import type { PresenceStore } from '../../realtime/presence';
import { type AttachmentRow, findAttachment, findAttachments } from '../attachments';
import { moderateMessage, recordModerationEvent } from '../safety';
import type { Access } from './access';
import type { Admission } from './admission';
import type { GroupCommit } from './group-commit';
import { type MessageKindRegistry, withCard } from './message-kinds';
import {
  advanceLastRead,
  type LoadedConversation,
  loadConversation,
  shownId,
} from './conversations.repository';
import * as repo from './messages.repository';
import type { PolicyRegistry } from './policies';
import { toChatMessage, toReaction } from './present';

export interface MessagesDeps {
  db: Db;
  clock: Clock;
  limiter: RateLimiter;
  messageRule: RateLimitRule;
  typingRule: RateLimitRule;
  notifier: Notifier;
  presence: PresenceStore;
  events: EventBus;
  access: Access;
  policies: PolicyRegistry;
  /** Kinds that share another module's item (a library resource) by id. */
  messageKinds: MessageKindRegistry;
  /** How many sends this node works on at once. */
  admission: Admission;
  /** Writes validated messages together, a batch per transaction. */
  groupCommit: GroupCommit;
}

/** What a sender asks the pipeline to store. */
export interface SendInput {
  session_id: string;
  content: string;
  client_msg_id?: string;
  attachment_id?: string;
  /** A library resource shared as a card (kind `resource`). */
  resource_id?: string;
}

/** One calm card for someone whose words suggest they may be in danger. */
export const crisisSupport: CrisisSupport = {
  title: "You don't have to carry this alone",
  body:
    "It sounds like things are really hard right now. If you're thinking about ending your life " +
    "or might hurt yourself, please talk to a crisis line now: they're free, confidential and " +
    'there day and night. Your listener is still here with you too.',
  action_label: 'Find a crisis line near you',
  action_url: 'https://findahelpline.com',
};

export function createMessagesService(deps: MessagesDeps) {
  const { db, clock, notifier, access, policies } = deps;
  const { requireMember } = access;

  /**
   * Checks an attachment a message is about to carry: uploaded to this conversation by the
   * sender and not sent with another message (a retry of the same message may carry it again).
   */
  async function attachable(input: {
    attachmentId: string;
    conversationId: string;
    senderId: string;
    clientMsgId?: string;
  }): Promise<AttachmentRow> {
    const row = await findAttachment(db, input.attachmentId);
    if (!row || row.conversationId !== input.conversationId || row.uploaderId !== input.senderId) {
      throw errors.notFound('Attachment');
    }
    const used = await repo.findMessageWithAttachment(db, row.id);
    const sameMessage =
      used && used.senderId === input.senderId && used.clientMsgId === (input.clientMsgId ?? null);
    if (used && (!sameMessage || !input.clientMsgId)) {
      throw errors.validation(
        [{ path: 'attachment_id', message: 'This file was already sent; upload it again' }],
        'This file was already sent; upload it again',
      );
    }
    return row;
  }

  /**
   * Deletes or removes a message and announces it in the same transaction, so that what hangs
   * off it (its file) is marked for deletion atomically with it.
   */
  function changeAndAnnounce(
    conversationId: string,
    messageId: string,
    by: 'sender' | 'moderation',
    change: Parameters<typeof repo.changeMessage>[3],
  ): Promise<MessageRow | undefined> {
    return deps.events.transaction(db, async (tx) => {
      const row = await repo.changeMessage(tx, conversationId, messageId, change);
      if (row) {
        await deps.events.publish(tx, 'message.deleted', {
          conversationId,
          messageId,
          attachmentId: row.attachmentId,
          by,
        });
      }
      return row;
    });
  }

  function pseudonymOf(loaded: LoadedConversation, userId: string | null): string {
    return loaded.members.find((m) => m.userId === userId)?.pseudonym ?? 'Former member';
  }

  /** Whether members of this conversation see each other's read receipts (kind and settings). */
  async function sharesReceipts(loaded: LoadedConversation): Promise<boolean> {
    const visibility = policies.of(loaded.conversation.kind).visibility;
    return (await visibility?.(db, loaded))?.receiptsShared ?? true;
  }

  /** The ids members go by for the others in this conversation (staff: the team's). */
  const idsFor =
    (loaded: LoadedConversation) =>
    (userId: string): string =>
      shownId(loaded.members.find((m) => m.userId === userId)?.role, userId);

  /** The attachments of the rows that still show theirs (not deleted, not removed). */
  async function attachmentsOf(rows: MessageRow[]) {
    const shown = rows.filter(
      (r) => r.attachmentId && !r.deletedAt && r.moderationStatus !== 'removed',
    );
    return findAttachments(
      db,
      shown.map((r) => r.attachmentId!),
    );
  }

  async function present(loaded: LoadedConversation, rows: MessageRow[], viewerId: string) {
    const reactions = await repo.listReactions(
      db,
      rows.filter((r) => !r.deletedAt).map((r) => r.id),
    );
    const files = await attachmentsOf(rows);
    const cards = await deps.messageKinds.cardsFor(rows);
    const receiptsShared = await sharesReceipts(loaded);
    return rows.map((row) =>
      withCard(
        toChatMessage(
          row,
          pseudonymOf(loaded, row.senderId),
          reactions.get(row.id) ?? [],
          viewerId,
          files.get(row.attachmentId ?? ''),
          idsFor(loaded),
          receiptsShared,
        ),
        row,
        cards,
      ),
    );
  }

  /** Sends a changed or new message to every member's every device, shaped for each. */
  async function broadcast(
    loaded: LoadedConversation,
    row: MessageRow,
    event: 'new_message' | 'message_updated',
  ) {
    // A brand-new message has no reactions yet: no need to ask the database.
    const reactions =
      event === 'new_message' ? [] : ((await repo.listReactions(db, [row.id])).get(row.id) ?? []);
    const sender = pseudonymOf(loaded, row.senderId);
    const [attachment] = (await attachmentsOf([row])).values();
    const cards = await deps.messageKinds.cardsFor([row]);
    const receiptsShared = row.readAt ? await sharesReceipts(loaded) : true;
    notifier.toUsers(
      loaded.members.map((m) => m.userId),
      event,
      (userId) =>
        withCard(
          toChatMessage(row, sender, reactions, userId, attachment, idsFor(loaded), receiptsShared),
          row,
          cards,
        ),
    );
    return reactions;
  }

  async function describe(loaded: LoadedConversation, viewerId: string): Promise<Conversation> {
    const memberIds = loaded.members.map((m) => m.userId);
    const visibility = policies.of(loaded.conversation.kind).visibility;
    const [online, seen, writers] = await Promise.all([
      deps.presence.status(memberIds),
      visibility?.(db, loaded),
      repo.selfHarmWriters(db, loaded.conversation.id),
    ]);
    // Another's presence and read marker only as the kind (settings, blocks) allows.
    const hidden = (userId: string) =>
      userId !== viewerId && (seen?.hiddenPresence.has(userId) ?? false);
    const hideReads = (userId: string) =>
      userId !== viewerId && seen !== undefined && !seen.receiptsShared;
    const c = loaded.conversation;
    return {
      session_id: c.id,
      kind: c.kind,
      status: c.status,
      topic: c.topic,
      started_at: c.startedAt.toISOString(),
      expires_at: c.expiresAt?.toISOString() ?? null,
      last_seq: c.lastSeq,
      // A listener knows of either member's risky wording (they were shown guidance); anyone
      // else only of their own.
      safety_flagged:
        writers.includes(viewerId) ||
        (writers.length > 0 &&
          loaded.members.some((m) => m.userId === viewerId && m.role === 'listener')),
      members: teamAsOne(
        loaded.members.map((m) => {
          const id = m.userId === viewerId ? m.userId : shownId(m.role, m.userId);
          // Staff answer as the team: no one's own presence shows.
          const away = hidden(m.userId) || id !== m.userId;
          return {
            user_id: id,
            pseudonym: m.pseudonym,
            role: m.role,
            online: !away && (online.get(m.userId)?.online ?? false),
            last_active: away ? null : (online.get(m.userId)?.lastActive ?? null),
            last_read_seq: hideReads(m.userId) ? 0 : m.lastReadSeq,
          };
        }),
      ),
    };
  }

  /** Several staff on one ticket are one member to the others: the furthest read counts. */
  function teamAsOne(members: Conversation['members']): Conversation['members'] {
    const byId = new Map<string, Conversation['members'][number]>();
    for (const m of members) {
      const seen = byId.get(m.user_id);
      if (!seen || m.last_read_seq > seen.last_read_seq) byId.set(m.user_id, m);
    }
    return [...byId.values()];
  }

  /**
   * The pipeline (DESIGN §5): authorise, rate-limit, moderate, store under the next seq,
   * and only after commit emit to every member and answer the sender.
   */
  async function send(
    userId: string,
    input: SendInput,
    options: { seenBy?: string[] },
  ): Promise<SendMessageResult> {
    const loaded = await requireMember(input.session_id, userId, { fresh: false });
    const policy = policies.of(loaded.conversation.kind);
    await policy.assertCanSend(loaded, userId);
    const limit = await deps.limiter.hit(`msg:${userId}`, deps.messageRule);
    if (!limit.allowed) {
      // A retry of something already stored is still answered: the limit is for new messages.
      const stored =
        input.client_msg_id &&
        (await repo.findByClientMsgId(db, input.session_id, userId, input.client_msg_id));
      if (stored) return { message: (await present(loaded, [stored], userId))[0]! };
      throw errors.rateLimited(limit.retryAfterSeconds);
    }

    if (input.resource_id !== undefined && input.attachment_id !== undefined) {
      throw errors.validation(
        [{ path: 'resource_id', message: 'Share a resource or a file, not both' }],
        'Share a resource or a file, not both',
      );
    }
    // With an attachment the text is its caption (possibly empty) and the kind is the file's.
    if (input.attachment_id !== undefined && !policy.attachments) {
      throw errors.attachmentsNotAllowed();
    }
    const attachment =
      input.attachment_id === undefined
        ? undefined
        : await attachable({
            attachmentId: input.attachment_id,
            conversationId: input.session_id,
            senderId: userId,
            clientMsgId: input.client_msg_id,
          });
    // A shared item (a resource card): allowed in this kind of chat, and shareable by the sender.
    if (input.resource_id !== undefined) {
      const shared = deps.messageKinds.forSending('resource', loaded.conversation.kind);
      await shared.assertShareable(input.resource_id, userId);
    }
    const verdict = moderateMessage(input.content);
    if (verdict.status === 'blocked') {
      await recordModerationEvent(db, {
        conversationId: input.session_id,
        userId,
        status: 'blocked',
        rule: verdict.code,
      });
      throw errors.messageBlocked(verdict.reason);
    }
    const now = clock.now();
    // The message, its kind's writes and its moderation event commit together or not at all
    // (in one transaction with the rest of its group commit): a flagged message can never be
    // stored without its place in the review queue.
    const result = await deps.groupCommit.store(
      {
        conversationId: input.session_id,
        senderId: userId,
        clientMsgId: input.client_msg_id ?? null,
        content: input.content,
        kind: attachment?.kind ?? (input.resource_id !== undefined ? 'resource' : 'text'),
        attachmentId: attachment?.id ?? null,
        refId: input.resource_id ?? null,
        moderationStatus: verdict.status === 'flagged' ? 'flagged' : 'approved',
        flaggedReason: verdict.status === 'flagged' ? verdict.category : null,
        sentAt: now,
        expiresAt: loaded.conversation.expiresAt,
      },
      async (tx, stored) => {
        await policy.afterStore?.(tx, { loaded, senderId: userId, at: now });
        if (verdict.status === 'flagged') {
          await recordModerationEvent(tx, {
            conversationId: input.session_id,
            messageId: stored.row.id,
            userId,
            status: 'flagged',
            rule: verdict.category,
            contentSnapshot: stored.row.content,
          });
        }
        await deps.events.publish(tx, 'message.stored', {
          conversationId: input.session_id,
          conversationKind: loaded.conversation.kind,
          messageId: stored.row.id,
          senderId: userId,
          seq: stored.row.seq,
          memberIds: loaded.members.map((m) => m.userId),
          seenBy: options.seenBy ?? [],
          flagged: verdict.status === 'flagged',
          flag:
            verdict.status === 'flagged'
              ? { category: verdict.category, rule: verdict.rule, text: stored.row.content }
              : null,
          attachmentId: stored.row.attachmentId,
        });
      },
    );
    if (!result) throw policy.closedError();
    const { row } = result;
    // A retry that finds its message already stored broadcasts it again: the node that stored
    // it may have died between commit and emit. Clients merge by id, so a repeat is harmless.
    await broadcast(loaded, row, 'new_message');
    const shown = row.attachmentId === attachment?.id ? attachment : undefined;
    const message = withCard(
      toChatMessage(row, pseudonymOf(loaded, userId), [], userId, shown, idsFor(loaded)),
      row,
      await deps.messageKinds.cardsFor([row]),
    );
    return verdict.status === 'flagged' ? { message, crisis_support: crisisSupport } : { message };
  }

  return {
    async conversationFor(conversationId: string, userId: string): Promise<Conversation> {
      return describe(await requireMember(conversationId, userId), userId);
    },

    /** The pipeline, when this node has room for one more send (else SERVER_BUSY at once). */
    sendMessage: (
      userId: string,
      input: SendInput,
      /** Members who already saw this text elsewhere (a request's text, sent on acceptance). */
      options: { seenBy?: string[] } = {},
    ): Promise<SendMessageResult> => deps.admission.run(() => send(userId, input, options)),

    async editMessage(
      userId: string,
      input: { session_id: string; message_id: string; content: string },
    ): Promise<{ message: ChatMessage }> {
      const loaded = await requireMember(input.session_id, userId);
      const existing = await repo.findMessage(db, input.session_id, input.message_id);
      if (!existing || existing.deletedAt || existing.moderationStatus === 'removed')
        throw errors.notFound('Message');
      if (existing.senderId !== userId)
        throw errors.forbidden('You can only edit your own messages');
      if (clock.now().getTime() - existing.sentAt.getTime() > EDIT_WINDOW_MS) {
        throw errors.editWindowPassed();
      }
      const verdict = moderateMessage(input.content);
      if (verdict.status === 'blocked') throw errors.messageBlocked(verdict.reason);
      const row = await repo.changeMessage(db, input.session_id, input.message_id, async () => ({
        content: input.content,
        editedAt: clock.now(),
        ...(verdict.status === 'flagged'
          ? { moderationStatus: 'flagged' as const, flaggedReason: verdict.category }
          : {}),
      }));
      if (!row) throw errors.notFound('Message');
      const reactions = await broadcast(loaded, row, 'message_updated');
      const [attachment] = (await attachmentsOf([row])).values();
      return {
        message: withCard(
          toChatMessage(
            row,
            pseudonymOf(loaded, userId),
            reactions,
            userId,
            attachment,
            idsFor(loaded),
          ),
          row,
          await deps.messageKinds.cardsFor([row]),
        ),
      };
    },

    async deleteMessage(
      userId: string,
      input: { session_id: string; message_id: string },
    ): Promise<{ message: ChatMessage }> {
      const loaded = await requireMember(input.session_id, userId);
      const existing = await repo.findMessage(db, input.session_id, input.message_id);
      if (!existing) throw errors.notFound('Message');
      if (existing.senderId !== userId)
        throw errors.forbidden('You can only delete your own messages');
      const row = existing.deletedAt
        ? existing
        : await changeAndAnnounce(input.session_id, input.message_id, 'sender', async () => ({
            deletedAt: clock.now(),
          }));
      if (!row) throw errors.notFound('Message');
      if (!existing.deletedAt) await broadcast(loaded, row, 'message_updated');
      return {
        message: toChatMessage(
          row,
          pseudonymOf(loaded, userId),
          [],
          userId,
          undefined,
          idsFor(loaded),
        ),
      };
    },

    /**
     * Moderation takes a message down: it stays in the stream (so seqs stay whole) with its
     * content hidden from both members, under a new version_seq so every client's sync sees it.
     * Undefined when the message (or its conversation) no longer exists.
     */
    async removeMessage(conversationId: string, messageId: string) {
      const loaded = await loadConversation(db, conversationId);
      if (!loaded) return undefined;
      const row = await changeAndAnnounce(conversationId, messageId, 'moderation', async (tx) => {
        const existing = await repo.findMessage(tx, conversationId, messageId);
        if (!existing || existing.moderationStatus === 'removed') return undefined;
        return { moderationStatus: 'removed' as const };
      });
      if (row) await broadcast(loaded, row, 'message_updated');
      return row ?? (await repo.findMessage(db, conversationId, messageId));
    },

    async react(
      userId: string,
      input: { session_id: string; message_id: string; emoji: string; action?: 'add' | 'remove' },
    ): Promise<ReactionUpdate> {
      const loaded = await requireMember(input.session_id, userId);
      const existing = await repo.findMessage(db, input.session_id, input.message_id);
      if (!existing || existing.deletedAt || existing.moderationStatus === 'removed')
        throw errors.notFound('Message');
      const on =
        input.action === undefined
          ? !(await repo.hasReaction(db, existing.id, userId, input.emoji))
          : input.action === 'add';
      const row =
        (await repo.changeMessage(db, input.session_id, existing.id, async (tx) =>
          (await repo.setReaction(tx, existing.id, userId, input.emoji, on)) ? {} : undefined,
        )) ?? existing;
      const reactions = (await repo.listReactions(db, [row.id])).get(row.id) ?? [];
      const update: ReactionUpdate = {
        session_id: input.session_id,
        message_id: row.id,
        version_seq: row.versionSeq,
        reactions: reactions.map((r) => toReaction(r, idsFor(loaded))),
      };
      if (row !== existing) {
        notifier.toUsers(
          loaded.members.map((m) => m.userId),
          'message_reaction_update',
          update,
        );
      }
      return update;
    },

    /**
     * Moves the member's read marker (never back), up to `seq` or up to a message given by id,
     * stamps when each message was first read, and tells the members who may see receipts.
     */
    async markRead(
      userId: string,
      input: { session_id: string; seq: number } | { message_id: string },
    ) {
      let target: { session_id: string; seq: number };
      if ('message_id' in input) {
        const message = await repo.findMessageById(db, input.message_id);
        // Not a member and no such message get the same answer.
        if (!message || !(await access.findMember(message.conversationId, userId))) {
          throw errors.messageNotFound();
        }
        target = { session_id: message.conversationId, seq: message.seq };
      } else target = input;
      const loaded = await requireMember(target.session_id, userId);
      const before = loaded.me.lastReadSeq;
      const lastReadSeq = await advanceLastRead(db, target.session_id, userId, target.seq);
      const readAt = clock.now();
      const messageId = await repo.stampRead(
        db,
        target.session_id,
        userId,
        before,
        lastReadSeq,
        readAt,
      );
      if (lastReadSeq > before) {
        await deps.events.publish(db, 'conversation.read', {
          conversationId: target.session_id,
          userId,
          seq: lastReadSeq,
        });
      }
      // The marker always moves (unread counts); receipts are relayed only if both share them.
      const visibility = policies.of(loaded.conversation.kind).visibility;
      const receiptsShared = (await visibility?.(db, loaded))?.receiptsShared ?? true;
      if (lastReadSeq > before && receiptsShared) {
        const shown = idsFor(loaded);
        notifier.toUsers(
          loaded.members.map((m) => m.userId),
          'message_read',
          (viewer) => {
            const reader = viewer === userId ? userId : shown(userId);
            return {
              session_id: target.session_id,
              user_id: reader,
              read_by: reader,
              last_read_seq: lastReadSeq,
              message_id: messageId,
              read_at: readAt.toISOString(),
            };
          },
        );
      }
      return {
        session_id: target.session_id,
        last_read_seq: lastReadSeq,
        message_id: messageId,
        read_at: readAt.toISOString(),
      };
    },

    /** Relays typing to the other members in the chat, at most once per interval per user. */
    async typing(userId: string, input: { session_id: string }) {
      // Membership first, so that a non-member always gets the one answer.
      const loaded = await requireMember(input.session_id, userId, { fresh: false });
      const allowed = await deps.limiter.hit(
        `typing:${userId}:${input.session_id}`,
        deps.typingRule,
      );
      if (!allowed.allowed) return { relayed: false };
      const relays = policies.of(loaded.conversation.kind).relaysTyping;
      if (relays && !(await relays(loaded))) return { relayed: false };
      notifier.toChatRoom(
        input.session_id,
        'user_typing',
        {
          session_id: input.session_id,
          user_id: shownId(loaded.me.role, userId),
          pseudonym: loaded.me.pseudonym,
        },
        userId,
      );
      return { relayed: true };
    },

    /** Everything created or changed since a version: what a reconnecting client missed. */
    async sync(
      userId: string,
      input: { session_id: string; after_version_seq: number; limit?: number },
    ): Promise<SyncResult> {
      const loaded = await requireMember(input.session_id, userId);
      const limit = input.limit ?? 200;
      const rows = await repo.listChangedSince(db, {
        conversationId: input.session_id,
        now: clock.now(),
        afterSeq: loaded.me.clearedBeforeSeq,
        afterVersion: input.after_version_seq,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        messages: await present(loaded, page, userId),
        has_more: rows.length > limit,
        conversation: await describe(loaded, userId),
      };
    },

    /** The listening contract's history: newest page first in the query, returned oldest first. */
    async history(
      userId: string,
      input: { session_id: string; limit: number; before?: string },
    ): Promise<{ messages: ChatMessage[]; has_more: boolean }> {
      const loaded = await requireMember(input.session_id, userId);
      let beforeSeq: number | undefined;
      if (input.before) {
        const anchor = await repo.findMessage(db, input.session_id, input.before);
        if (!anchor) throw errors.notFound('Message');
        beforeSeq = anchor.seq;
      }
      const rows = await repo.listHistory(db, {
        conversationId: input.session_id,
        now: clock.now(),
        afterSeq: loaded.me.clearedBeforeSeq,
        beforeSeq,
        limit: input.limit + 1,
      });
      const page = rows.slice(0, input.limit).reverse();
      return { messages: await present(loaded, page, userId), has_more: rows.length > input.limit };
    },
  };
}
export type MessagesService = ReturnType<typeof createMessagesService>;
