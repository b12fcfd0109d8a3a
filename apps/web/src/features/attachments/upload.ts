import { type Attachment, attachmentSchema } from '@kindred/protocol';
import { apiUpload } from '../../lib/api';

/**
 * Uploads a file to a conversation (POST /conversations/:id/attachments) and returns the stored
 * attachment, ready to be sent with a message. `durationMs` is a recording's measured length.
 */
export function uploadAttachment(
  sessionId: string,
  file: File,
  onProgress: (fraction: number) => void,
  options: { durationMs?: number; signal?: AbortSignal } = {},
): Promise<Attachment> {
  return apiUpload(`/conversations/${sessionId}/attachments`, file, attachmentSchema, onProgress, {
    signal: options.signal,
    fields:
      options.durationMs === undefined
        ? {}
        : { duration_ms: String(Math.round(options.durationMs)) },
  });
}
