import type { AttachmentKind } from '@kindred/protocol';
import type { FastifyReply } from 'fastify';

/**
 * Pictures and voice notes open in the page; documents download. The name is given twice: a
 * plain ASCII fallback and the exact UTF-8 name (RFC 6266), so no header injection is possible.
 */
export function contentDisposition(kind: AttachmentKind, name: string): string {
  const type = kind === 'file' ? 'attachment' : 'inline';
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * One byte range from a `Range` header (`bytes=a-b`, `bytes=a-`, `bytes=-n`), clamped to the
 * file. Anything else (several ranges, nonsense, beyond the end) gives undefined: the whole file
 * is sent, which HTTP allows a server to do instead.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | undefined {
  const match = header && /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || size === 0) return undefined;
  const [, from, to] = match;
  if (from === '' && to === '') return undefined;
  let start: number;
  let end: number;
  if (from === '') {
    start = Math.max(0, size - Number(to));
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start > end || start >= size) return undefined;
  return { start, end };
}

/**
 * Answers with a stored file: the whole of it, or 206 with the byte range `parseRange` found.
 * Private, and checked again each time (`no-cache`): a file whose message or resource is deleted
 * or removed must not linger in a cache.
 */
export function sendFile(
  reply: FastifyReply,
  file: { stream: NodeJS.ReadableStream; size: number },
  range: { start: number; end: number } | undefined,
  headers: { type: string; disposition: string },
) {
  reply
    .type(headers.type)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', headers.disposition)
    .header('cache-control', 'private, no-cache')
    .header('accept-ranges', 'bytes');
  if (range) {
    reply
      .status(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
      .header('content-length', range.end - range.start + 1);
  } else reply.header('content-length', file.size);
  return reply.send(file.stream);
}
