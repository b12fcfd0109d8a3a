import { apiPrefix } from '@kindred/protocol';
import type { App, ModuleContext } from '../../lib/module';
import { attachmentStore } from './attachment-files';
import { type ConversationGate, createAttachmentsService } from './attachments.service';
import { attachmentsRoutes } from './routes';

export type { ConversationGate } from './attachments.service';
export { type AttachmentRow, findAttachment, findAttachments } from './attachments.repository';
export { toAttachment } from './present';

/** Attachments: files and voice notes uploaded into a conversation, served to its members. */
export async function register(app: App, ctx: ModuleContext, deps: { gate: ConversationGate }) {
  const attachments = createAttachmentsService({
    db: ctx.db,
    store: attachmentStore(ctx.config.dataDir),
    limiter: ctx.limiter,
    voiceNoteRule: ctx.config.rateLimits.voiceNotes,
    gate: deps.gate,
  });
  await app.register(attachmentsRoutes, { prefix: apiPrefix, attachments });
}
