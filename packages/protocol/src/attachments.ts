// Attachments and voice notes (the chat-API contract): uploaded first, then sent as a message's
// attachment.
import { z } from 'zod';
import { attachmentMimeTypes, limits, voiceMimeTypes } from './limits';
import { uuidParams } from './schema-builders';

export const attachmentKinds = ['image', 'file', 'voice'] as const;
export const attachmentKindSchema = z.enum(attachmentKinds);
export type AttachmentKind = z.infer<typeof attachmentKindSchema>;

export type AttachmentMimeType = (typeof attachmentMimeTypes)[number];
export type VoiceMimeType = (typeof voiceMimeTypes)[number];

/** Where a stored attachment is downloaded from (members of its conversation only). */
export const attachmentUrl = (id: string) => `/api/v1/attachments/${id}`;

/**
 * An uploaded file as clients see it. `mime_type` is what the server found in the content, never
 * what the client claimed; `name` is the cleaned original file name.
 */
export const attachmentSchema = z.object({
  id: z.uuid(),
  kind: attachmentKindSchema,
  mime_type: z.string(),
  size_bytes: z.number().int(),
  name: z.string(),
  url: z.string(),
  /** Voice notes: the length, read from the file where possible. */
  duration_ms: z.number().int().nullable(),
  /** Images: the pixel size, when the header says it. */
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** POST /conversations/:id/attachments (multipart/form-data: `file`, optional `duration_ms`). */
export const uploadAttachmentParamsSchema = uuidParams('id', 'Conversation id must be a UUID');
/** The client's idea of a voice note's length; used only when the file itself does not say. */
export const voiceDurationFieldSchema = z.coerce
  .number('duration_ms must be a number')
  .int('duration_ms must be a whole number of milliseconds')
  .min(0, 'duration_ms cannot be negative')
  .max(24 * 3600 * 1000, 'duration_ms is not a plausible length');
export const uploadAttachmentResponseSchema = attachmentSchema;

export const attachmentParamsSchema = uuidParams('id', 'Attachment id must be a UUID');

/** Which kind an accepted content type is sent as: images and PDFs as they are, audio as voice. */
export function attachmentKindOf(mimeType: string): AttachmentKind | undefined {
  if ((voiceMimeTypes as readonly string[]).includes(mimeType)) return 'voice';
  if (mimeType === 'application/pdf') return 'file';
  if ((attachmentMimeTypes as readonly string[]).includes(mimeType)) return 'image';
  return undefined;
}

/** The most a file of this kind may weigh. */
export const attachmentMaxBytesFor = (kind: AttachmentKind) =>
  kind === 'voice' ? limits.voiceNoteMaxBytes : limits.attachmentMaxBytes;
