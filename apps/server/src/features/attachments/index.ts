import { apiPrefix } from '@kindred/protocol';
import type { App, ModuleContext } from '../../lib/module';
import { attachmentStore } from './attachment-files';
import * as repo from './attachments.repository';
import { type ConversationGate, createAttachmentsService } from './attachments.service';
import { CLEANUP_INTERVAL_MS, createCleanup, STRAY_FILES_INTERVAL_MS } from './cleanup';
import { attachmentsRoutes } from './routes';

export type { ConversationGate } from './attachments.service';
export { type AttachmentRow, findAttachment, findAttachments } from './attachments.repository';
export { type AttachmentCleanup, UNSENT_UPLOAD_TTL_MS } from './cleanup';
export { toAttachment } from './present';
// The library's files use the same content checks, headers and media readers.
export { contentDisposition, parseRange, sendFile } from './http-headers';
export { audioDurationMs } from './media-info';

/**
 * Attachments: files and voice notes uploaded into a conversation, served to its members, and
 * deleted with what owns them (their message, conversation or uploader) or when never sent.
 */
export async function register(app: App, ctx: ModuleContext, deps: { gate: ConversationGate }) {
  const store = attachmentStore(ctx.config.dataDir);
  const attachments = createAttachmentsService({
    db: ctx.db,
    store,
    clock: ctx.clock,
    limiter: ctx.limiter,
    voiceNoteRule: ctx.config.rateLimits.voiceNotes,
    uploadRule: ctx.config.rateLimits.uploads,
    quotaBytes: ctx.config.uploadQuotaBytes,
    gate: deps.gate,
  });
  await app.register(attachmentsRoutes, { prefix: apiPrefix, attachments });

  const cleanup = createCleanup({ db: ctx.db, store, clock: ctx.clock, log: ctx.log });
  const { events, clock } = ctx;
  // Marked in the transaction that sent or deleted the message, so the mark is never lost...
  events.within('message.stored', async (tx, e) => {
    if (e.attachmentId) await repo.markSent(tx, e.attachmentId, clock.now());
  });
  events.within('message.deleted', async (tx, e) => {
    if (e.attachmentId) await repo.markDiscarded(tx, [e.attachmentId], clock.now());
  });
  // ...and the file deleted once that commits; the periodic cleanup finishes what a crash cut short.
  events.on('message.deleted', async (e) => {
    if (e.attachmentId) await cleanup.purge([e.attachmentId]);
  });
  events.on('expiry.swept', async (e) => {
    await repo.markDiscarded(ctx.db, e.attachmentIds, clock.now());
    await cleanup.purge();
  });
  events.on('user.deleted', async () => void (await cleanup.purge()));
  ctx.jobs.every({
    name: 'attachment-cleanup',
    everyMs: CLEANUP_INTERVAL_MS,
    scope: 'cluster',
    run: () => cleanup.purge(),
  });
  ctx.jobs.every({
    name: 'attachment-stray-files',
    everyMs: STRAY_FILES_INTERVAL_MS,
    scope: 'cluster',
    run: () => cleanup.removeStrayFiles(),
  });
  return { cleanup };
}
