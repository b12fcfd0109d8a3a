import { type Attachment, attachmentUrl } from '@kindred/protocol';
import type { AttachmentRow } from './attachments.repository';

/** An attachment as clients see it. */
export function toAttachment(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    kind: row.kind,
    mime_type: row.mimeType,
    size_bytes: row.sizeBytes,
    name: row.originalName,
    url: attachmentUrl(row.id),
    duration_ms: row.durationMs,
    width: row.width,
    height: row.height,
  };
}
