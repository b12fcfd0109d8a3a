import {
  attachmentParamsSchema,
  limits,
  uploadAttachmentParamsSchema,
  uploadAttachmentResponseSchema,
  voiceDurationFieldSchema,
} from '@kindred/protocol';
import { route, withNotFound } from '../../lib/error-responses';
import { z } from 'zod';
import { errors } from '../../lib/errors';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { AttachmentsService } from './attachments.service';
import { contentDisposition, parseRange, sendFile } from './http-headers';

const errorResponses = withNotFound;
const fileResponse = z.unknown().describe('The file');
const maxBytes = Math.max(limits.attachmentMaxBytes, limits.voiceNoteMaxBytes);
const maxMb = maxBytes / (1024 * 1024);

/** The chat-API contract's uploads: files and voice notes for direct and support conversations. */
export const attachmentsRoutes = signedIn<{ attachments: AttachmentsService }>(
  async (app, { attachments }) => {
    app.post(
      '/conversations/:id/attachments',
      route(
        {
          tags: ['attachments'],
          consumes: ['multipart/form-data'],
          params: uploadAttachmentParamsSchema,
          errors: [404, 409, 413, 415],
        },
        uploadAttachmentResponseSchema,
        201,
      ),
      async (request, reply) => {
        let bytes: Buffer | undefined;
        let filename: string | undefined;
        let duration: string | undefined;
        // The app-wide multipart limit is the avatar's; attachments may be larger.
        for await (const part of request.parts({ limits: { fileSize: maxBytes } })) {
          if (part.type === 'field') {
            if (part.fieldname === 'duration_ms' && typeof part.value === 'string') {
              duration = part.value;
            }
            continue;
          }
          if (part.fieldname !== 'file' || bytes) {
            part.file.resume();
            continue;
          }
          filename = part.filename;
          bytes = await part.toBuffer().catch((error: { code?: string }) => {
            if (error.code === 'FST_REQ_FILE_TOO_LARGE') {
              throw errors.payloadTooLarge(`Files must be ${maxMb} MB or smaller`);
            }
            throw error;
          });
        }
        if (!bytes) {
          throw errors.validation([{ path: 'file', message: 'Attach a file' }], 'Attach a file');
        }
        let durationMs: number | undefined;
        if (duration !== undefined && duration !== '') {
          const parsed = voiceDurationFieldSchema.safeParse(duration);
          if (!parsed.success) {
            const message = parsed.error.issues[0]?.message ?? 'duration_ms is invalid';
            throw errors.validation([{ path: 'duration_ms', message }], message);
          }
          durationMs = parsed.data;
        }
        const attachment = await attachments.upload(
          currentUser(request).userId,
          request.params.id,
          {
            bytes,
            filename,
            durationMs,
          },
        );
        return reply.status(201).send(attachment);
      },
    );

    app.get(
      '/attachments/:id',
      {
        schema: {
          tags: ['attachments'],
          params: attachmentParamsSchema,
          // The file itself (its sniffed type); 206 for a byte range.
          response: { 200: fileResponse, 206: fileResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const row = await attachments.forDownload(currentUser(request).userId, request.params.id);
        const range = parseRange(request.headers.range, row.sizeBytes);
        const found = await attachments.store.open(row.storageName, range);
        if (!found) throw errors.notFound('Attachment');
        return sendFile(reply, found, range, {
          type: row.mimeType,
          disposition: contentDisposition(row.kind, row.originalName),
        });
      },
    );
  },
);
