import {
  type Attachment,
  attachmentKindOf,
  attachmentMaxBytesFor,
  limits,
} from '@kindred/protocol';
import type { RateLimitRule } from '../../config';
import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { AppError, errors } from '../../lib/errors';
import { extensionOf, sniffFileType, type SniffedType } from '../../lib/file-types';
import type { RateLimiter } from '../../lib/rate-limit';
import { blockedEitherWay } from '../safety/blocks.repository';
import { loadConversation } from '../conversations/conversations.repository';
import type { AttachmentStore } from './attachment-files';
import * as repo from './attachments.repository';
import type { AttachmentRow } from './attachments.repository';
import { audioDurationMs, imageSize } from './media-info';
import { toAttachment } from './present';

export interface AttachmentsDeps {
  db: Db;
  clock: Clock;
  store: AttachmentStore;
  limiter: RateLimiter;
  voiceNoteRule: RateLimitRule;
}

const VOICE_MAX_MS = limits.voiceNoteMaxSeconds * 1000;
/** A little slack over two minutes: recorders stop a few frames late, and that is not "too long". */
const VOICE_TOLERANCE_MS = 1000;
const NAME_MAX = 120;

/**
 * The client's file name made safe to show and to put in Content-Disposition: no path, no
 * control or quote characters, at most 120 characters, and the extension of what the file
 * really is (a PDF called "notes.html" is saved as "notes.pdf").
 */
export function cleanFileName(name: string | undefined, type: SniffedType): string {
  const base = (name ?? '')
    .split(/[/\\]/)
    .pop()!
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}"<>|:*?]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.[^.]*$/, '')
    .replace(/^\.+/, '')
    .slice(0, NAME_MAX - 6)
    .trim();
  const fallback = type.startsWith('audio/')
    ? 'voice-note'
    : type === 'application/pdf'
      ? 'document'
      : 'image';
  return `${base || fallback}.${extensionOf[type]}`;
}

const notFound = () => errors.notFound('Attachment');
const conversationEnded = () =>
  new AppError(409, 'CONVERSATION_ENDED', 'This conversation has ended; no new files can be sent');

export function createAttachmentsService(deps: AttachmentsDeps) {
  const { db, clock, store } = deps;

  /** The conversation, if it exists (and has not expired) and the user is in it. */
  async function conversationOf(conversationId: string, userId: string) {
    const loaded = await loadConversation(db, conversationId);
    const expiresAt = loaded?.conversation.expiresAt;
    if (!loaded || (expiresAt && expiresAt <= clock.now())) return undefined;
    return loaded.members.some((m) => m.userId === userId) ? loaded : undefined;
  }

  return {
    /**
     * Stores a file for a message the user is about to send in this conversation. Its type is
     * read from its bytes; audio becomes a voice note (at most two minutes, ten a minute).
     */
    async upload(
      userId: string,
      conversationId: string,
      file: { bytes: Buffer; filename?: string; durationMs?: number },
    ): Promise<Attachment> {
      const loaded = await conversationOf(conversationId, userId);
      // Not a member looks exactly like no such conversation.
      if (!loaded) throw errors.notFound('Conversation');
      const { conversation, members } = loaded;
      if (conversation.kind === 'listening') throw errors.attachmentsNotAllowed();
      if (conversation.status !== 'active') throw conversationEnded();
      if (conversation.kind === 'direct') {
        const other = members.find((m) => m.userId !== userId);
        if (other && (await blockedEitherWay(db, userId, other.userId))) throw errors.userBlocked();
      }

      if (file.bytes.length === 0) throw errors.fileEmpty();
      const type = sniffFileType(file.bytes);
      const kind = type && attachmentKindOf(type);
      if (!type || !kind) {
        throw errors.invalidFileType(
          'Only pictures (JPG, PNG, GIF, WebP), PDF documents and audio (WebM, Ogg, MP3, WAV) can be sent',
        );
      }
      if (file.bytes.length > attachmentMaxBytesFor(kind)) {
        throw errors.payloadTooLarge(
          `Files must be ${attachmentMaxBytesFor(kind) / (1024 * 1024)} MB or smaller`,
        );
      }

      let durationMs: number | null = null;
      let dimensions: { width: number; height: number } | undefined;
      if (kind === 'voice') {
        const limit = await deps.limiter.hit(`voice:${userId}`, deps.voiceNoteRule);
        if (!limit.allowed) throw errors.rateLimited(limit.retryAfterSeconds);
        // The file's own length wins; the client's is a fallback for files that do not say.
        durationMs = audioDurationMs(type, file.bytes) ?? file.durationMs ?? null;
        if (durationMs !== null && durationMs > VOICE_MAX_MS + VOICE_TOLERANCE_MS) {
          throw errors.voiceNoteTooLong(limits.voiceNoteMaxSeconds);
        }
        if (durationMs !== null) durationMs = Math.min(durationMs, VOICE_MAX_MS);
      } else if (kind === 'image') {
        dimensions = imageSize(type, file.bytes);
      }

      const storageName = await store.save(file.bytes, type);
      try {
        const row = await repo.insertAttachment(db, {
          conversationId,
          uploaderId: userId,
          kind,
          mimeType: type,
          sizeBytes: file.bytes.length,
          originalName: cleanFileName(file.filename, type),
          storageName,
          durationMs,
          width: dimensions?.width ?? null,
          height: dimensions?.height ?? null,
        });
        return toAttachment(row);
      } catch (error) {
        await store.remove(storageName);
        throw error;
      }
    },

    /**
     * The attachment for a download: members of its conversation once it is sent (not after its
     * message was deleted or removed), only its uploader before. Anyone else: not found.
     */
    async forDownload(userId: string, attachmentId: string): Promise<AttachmentRow> {
      const row = await repo.findAttachment(db, attachmentId);
      if (!row || !(await conversationOf(row.conversationId, userId))) throw notFound();
      const message = await repo.findMessageWithAttachment(db, row.id);
      if (!message) {
        if (row.uploaderId !== userId) throw notFound();
      } else if (message.deletedAt || message.moderationStatus === 'removed') throw notFound();
      return row;
    },

    store,
  };
}
export type AttachmentsService = ReturnType<typeof createAttachmentsService>;

/**
 * Checks an attachment a message is about to carry: uploaded to this conversation by the sender
 * and not sent with another message (a retry of the same message may carry it again).
 */
export async function attachableAttachment(
  db: Db,
  input: { attachmentId: string; conversationId: string; senderId: string; clientMsgId?: string },
): Promise<AttachmentRow> {
  const row = await repo.findAttachment(db, input.attachmentId);
  if (!row || row.conversationId !== input.conversationId || row.uploaderId !== input.senderId) {
    throw notFound();
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
