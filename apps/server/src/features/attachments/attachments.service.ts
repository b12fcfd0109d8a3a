import {
  type Attachment,
  attachmentKindOf,
  attachmentMaxBytesFor,
  limits,
} from '@kindred/protocol';
import type { RateLimitRule } from '../../config';
import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { errors } from '../../lib/errors';
import { cleanBaseName } from '../../lib/text';
import { extensionOf, sniffFileType, type SniffedType } from '../../lib/file-types';
import type { RateLimiter } from '../../lib/rate-limit';
import type { AttachmentStore } from './attachment-files';
import * as repo from './attachments.repository';
import type { AttachmentRow } from './attachments.repository';
import { audioDurationMs, imageSize } from './media-info';
import { toAttachment } from './present';

export interface AttachmentsDeps {
  db: Db;
  store: AttachmentStore;
  clock: Clock;
  limiter: RateLimiter;
  voiceNoteRule: RateLimitRule;
  /** Every upload, of every kind, counts against this. */
  uploadRule: RateLimitRule;
  /** Bytes one user's files may take up at a time. */
  quotaBytes: number;
  gate: ConversationGate;
}

/** What attachments need to know of conversations; the conversation core provides it. */
export interface ConversationGate {
  /** Throws unless the user may send a file in the conversation now. */
  assertCanAttach(conversationId: string, userId: string): Promise<void>;
  /** Whether the user is a member of the conversation, and it still exists. */
  isMember(conversationId: string, userId: string): Promise<boolean>;
  /** The message that carries the file, once it was sent. */
  messageCarrying(
    attachmentId: string,
  ): Promise<
    { senderId: string | null; deletedAt: Date | null; moderationStatus: string } | undefined
  >;
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
  const base = cleanBaseName(name, NAME_MAX - 6);
  const fallback = type.startsWith('audio/')
    ? 'voice-note'
    : type === 'application/pdf'
      ? 'document'
      : 'image';
  return `${base || fallback}.${extensionOf[type]}`;
}

const notFound = () => errors.notFound('Attachment');
export function createAttachmentsService(deps: AttachmentsDeps) {
  const { db, store } = deps;

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
      await deps.gate.assertCanAttach(conversationId, userId);
      const rate = await deps.limiter.hit(`uploads:${userId}`, deps.uploadRule);
      if (!rate.allowed) throw errors.rateLimited(rate.retryAfterSeconds);
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

      const stored = await repo.bytesStoredBy(db, userId);
      if (stored + file.bytes.length > deps.quotaBytes) {
        throw errors.storageQuotaExceeded(deps.quotaBytes / (1024 * 1024));
      }
      const storageName = await store.save(file.bytes, type);
      try {
        const row = await repo.insertAttachment(db, {
          conversationId,
          uploaderId: userId,
          // The app's clock: an upload is "never sent" an hour after this, by the same clock.
          createdAt: deps.clock.now(),
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
      if (!row?.conversationId || row.discardedAt) throw notFound();
      if (!(await deps.gate.isMember(row.conversationId, userId))) throw notFound();
      const message = await deps.gate.messageCarrying(row.id);
      if (!message) {
        if (row.uploaderId !== userId) throw notFound();
      } else if (message.deletedAt || message.moderationStatus === 'removed') throw notFound();
      return row;
    },

    store,
  };
}
export type AttachmentsService = ReturnType<typeof createAttachmentsService>;
