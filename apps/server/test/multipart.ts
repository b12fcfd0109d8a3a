import { randomUUID } from 'node:crypto';

/** One part of a multipart body: a file, or a plain field. */
export type FormPart =
  | { field: string; value: string }
  | { field: string; filename: string; type?: string; bytes: Buffer };

/** A multipart/form-data body built by hand, parts in the given order, so tests control every byte. */
export function multipartForm(parts: FormPart[]): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = `----kindred${randomUUID()}`;
  const chunks = parts.flatMap((part) => [
    Buffer.from(
      'bytes' in part
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${part.field}"; filename="${part.filename}"\r\n` +
            `Content-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${part.field}"\r\n\r\n`,
    ),
    'bytes' in part ? part.bytes : Buffer.from(part.value),
    Buffer.from('\r\n'),
  ]);
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A multipart/form-data body with one file. */
export function multipartFile(options: {
  field?: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}): { payload: Buffer; headers: Record<string, string> } {
  return multipartForm([
    {
      field: options.field ?? 'file',
      filename: options.filename,
      type: options.contentType,
      bytes: options.bytes,
    },
  ]);
}

/** A valid 1×1 PNG. */
export const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
/** The first bytes of a real PDF. */
export const pdfBytes = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n');
