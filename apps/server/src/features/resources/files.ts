import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ResourceFileType, resourceFileMaxBytes, resourceMimeTypes } from '@kindred/protocol';
import { errors } from '../../lib/errors';
import { sniffFileType } from '../../lib/file-types';
import { uploadFolder } from '../../lib/upload-files';
import { audioDurationMs } from '../attachments';

/** Random, unguessable names: `<32 hex>.<ext>`, or `.part` while an upload is being written. */
const FILE_NAME = /^[0-9a-f]{32}\.(mp3|m4a|aac|ogg|wav|webm|mp4|pdf|part)$/;

const extensionOf: Record<string, string> = {
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/ogg': 'ogg',
  'audio/wav': 'wav',
  'audio/webm': 'webm',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'application/pdf': 'pdf',
};

/** The container a file's first bytes show, for the formats the library takes. */
export function sniffResourceFile(head: Uint8Array): string | undefined {
  const known = sniffFileType(head);
  if (known) return known;
  // ISO base media (MP4, M4A): a `ftyp` box first.
  if (head.length >= 12 && String.fromCharCode(...head.subarray(4, 8)) === 'ftyp') return 'mp4';
  // AAC in ADTS frames: a 12-bit sync word, layer 00 (MP3's frame header is layer 01).
  if (head[0] === 0xff && head[1] !== undefined && (head[1] & 0xf6) === 0xf0) return 'audio/aac';
  return undefined;
}

/** What a sniffed container is served as for a resource of this type; undefined: not accepted. */
export function mimeTypeFor(
  type: ResourceFileType,
  sniffed: string | undefined,
): string | undefined {
  if (!sniffed) return undefined;
  const served =
    sniffed === 'mp4'
      ? type === 'audio'
        ? 'audio/mp4'
        : 'video/mp4'
      : sniffed === 'audio/webm' && type === 'video'
        ? 'video/webm'
        : sniffed;
  return (resourceMimeTypes[type] as readonly string[]).includes(served) ? served : undefined;
}

const describeAccepted: Record<ResourceFileType, string> = {
  audio: 'Audio must be MP3, M4A/AAC, Ogg/Opus, WAV or WebM',
  video: 'Video must be MP4 (H.264) or WebM',
  pdf: 'The file must be a PDF document',
};

const HEAD_BYTES = 64;

/**
 * Resource files under DATA_DIR/uploads/resources. An upload streams straight to disk: its type
 * is read from its first bytes as they arrive (a wrong type stops it there) and it is cut off
 * at the type's cap, so no file is ever held whole in memory.
 */
export function resourceStore(dataDir: string) {
  const files = uploadFolder(dataDir, 'resources', FILE_NAME);

  return {
    /** Streams an upload to disk; its stored name, served type and size. */
    async receive(
      type: ResourceFileType,
      file: Readable & { truncated?: boolean },
    ): Promise<{ storageName: string; mimeType: string; sizeBytes: number }> {
      const id = randomBytes(16).toString('hex');
      const partial = files.pathOf(`${id}.part`)!;
      await mkdir(dirname(partial), { recursive: true });
      let size = 0;
      let pending: Buffer[] = [];
      let mimeType: string | undefined;
      /** Judges the first bytes, then lets them and everything after through. */
      const judge = (push: (b: Buffer) => void) => {
        const head = Buffer.concat(pending);
        pending = [];
        mimeType = mimeTypeFor(type, sniffResourceFile(head));
        if (!mimeType) return errors.invalidFileType(describeAccepted[type]);
        push(head);
        return null;
      };
      const check = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (size > resourceFileMaxBytes[type]) return done(tooLarge(type));
          if (mimeType) return done(null, chunk);
          pending.push(chunk);
          if (size < HEAD_BYTES) return done();
          done(judge((b) => this.push(b)));
        },
        flush(done) {
          // A file shorter than the head is judged on what there is.
          done(!mimeType && size > 0 ? judge((b) => this.push(b)) : null);
        },
      });
      try {
        await pipeline(file, check, createWriteStream(partial, { mode: 0o600 }));
        if (file.truncated) throw tooLarge(type);
        if (size === 0 || !mimeType) throw errors.fileEmpty();
        const storageName = `${id}.${extensionOf[mimeType]}`;
        await rename(partial, files.pathOf(storageName)!);
        return { storageName, mimeType, sizeBytes: size };
      } catch (error) {
        await rm(partial, { force: true });
        file.resume();
        throw error;
      }
    },

    remove: (name: string) => files.remove(name),
    list: () => files.list(),

    /** A stream of the file (or of the inclusive byte range) and its size; undefined if gone. */
    open: files.open,

    /** Duration (audio, video) and pages (PDF), read from the stored file itself. */
    async measure(name: string, mimeType: string) {
      const path = files.pathOf(name);
      if (!path) return { durationSeconds: null, pages: null };
      const ms = mimeType === 'application/pdf' ? undefined : await durationMs(path, mimeType);
      const pages = mimeType === 'application/pdf' ? await pdfPages(path) : undefined;
      return {
        durationSeconds: ms === undefined ? null : Math.round(ms / 1000),
        pages: pages ?? null,
      };
    },
  };
}
export type ResourceStore = ReturnType<typeof resourceStore>;

const tooLarge = (type: ResourceFileType) =>
  errors.payloadTooLarge(
    `${capitalised(type)} files can be at most ${resourceFileMaxBytes[type] / (1024 * 1024)} MB`,
  );
const capitalised = (s: string) => (s === 'pdf' ? 'PDF' : s[0]!.toUpperCase() + s.slice(1));

/** Files up to this size are measured whole by the attachments' readers; larger ones by parts. */
const WHOLE_FILE_MAX = 16 * 1024 * 1024;
const EDGE_BYTES = 256 * 1024;

async function readRange(path: string, start: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * How long the media plays, from its own bytes. MP3, WAV, WebM and Ogg use the readers the
 * attachments have for voice notes (whole files up to 16 MiB; an Ogg of any size from its first
 * and last pages; a larger WebM from its header's Duration when the writer put one there); MP4
 * and M4A from the movie header (`mvhd`); AAC (ADTS) by counting its frames as it streams.
 * Undefined when the file does not say (a larger MP3 or WAV, for one).
 */
async function durationMs(path: string, mimeType: string): Promise<number | undefined> {
  const { size } = await stat(path);
  try {
    if (mimeType === 'audio/mp4' || mimeType === 'video/mp4')
      return await mp4DurationMs(path, size);
    if (mimeType === 'audio/aac') return await adtsDurationMs(path);
    const sniffed = mimeType === 'video/webm' ? 'audio/webm' : mimeType;
    const reader = sniffed as Parameters<typeof audioDurationMs>[0];
    if (size <= WHOLE_FILE_MAX) return audioDurationMs(reader, await readRange(path, 0, size));
    if (sniffed === 'audio/ogg') {
      const edges = Buffer.concat([
        await readRange(path, 0, EDGE_BYTES),
        await readRange(path, size - EDGE_BYTES, EDGE_BYTES),
      ]);
      return audioDurationMs(reader, edges);
    }
    if (sniffed === 'audio/webm') {
      const head = await readRange(path, 0, EDGE_BYTES);
      // Only the header's Duration element (0x4489) is trusted from a part of the file.
      return head.includes(Buffer.from([0x44, 0x89])) ? audioDurationMs(reader, head) : undefined;
    }
  } catch {
    // A malformed file: its length is unknown, not an error.
  }
  return undefined;
}

/** MP4/M4A: the `mvhd` box inside `moov` (which may come after the media, at the end). */
async function mp4DurationMs(path: string, size: number): Promise<number | undefined> {
  let pos = 0;
  while (pos + 8 <= size) {
    const header = await readRange(path, pos, 16);
    let boxSize = header.readUInt32BE(0);
    const kind = header.toString('latin1', 4, 8);
    let headerSize = 8;
    if (boxSize === 1) {
      boxSize = Number(header.readBigUInt64BE(8));
      headerSize = 16;
    } else if (boxSize === 0) boxSize = size - pos;
    if (boxSize < headerSize) return undefined;
    if (kind === 'moov') {
      const moov = await readRange(path, pos + headerSize, Math.min(boxSize - headerSize, 8 << 20));
      const at = moov.indexOf('mvhd');
      if (at < 4) return undefined;
      const box = moov.subarray(at + 4);
      const version = box[0];
      const timescale = version === 1 ? box.readUInt32BE(20) : box.readUInt32BE(12);
      const duration = version === 1 ? Number(box.readBigUInt64BE(24)) : box.readUInt32BE(16);
      return timescale > 0 ? Math.round((duration / timescale) * 1000) : undefined;
    }
    pos += boxSize;
  }
  return undefined;
}

const ADTS_RATES = [
  96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
];

/** AAC in ADTS: 1024 samples a frame; frames counted from their headers as the file streams. */
async function adtsDurationMs(path: string): Promise<number | undefined> {
  let rate: number | undefined;
  let frames = 0;
  let carry = Buffer.alloc(0);
  let skip = 0;
  for await (const chunk of createReadStream(path)) {
    let b = Buffer.concat([carry, chunk as Buffer]);
    if (skip >= b.length) {
      skip -= b.length;
      carry = Buffer.alloc(0);
      continue;
    }
    b = b.subarray(skip);
    skip = 0;
    let pos = 0;
    while (pos + 7 <= b.length) {
      if (b[pos] !== 0xff || (b[pos + 1]! & 0xf6) !== 0xf0) return frames > 0 ? done() : undefined;
      rate ??= ADTS_RATES[(b[pos + 2]! >> 2) & 0x0f];
      const length = ((b[pos + 3]! & 0x03) << 11) | (b[pos + 4]! << 3) | (b[pos + 5]! >> 5);
      if (length < 7) return undefined;
      frames++;
      pos += length;
    }
    if (pos > b.length) {
      skip = pos - b.length;
      carry = Buffer.alloc(0);
    } else carry = Buffer.from(b.subarray(pos));
  }
  return done();
  function done() {
    return rate ? Math.round(((frames * 1024) / rate) * 1000) : undefined;
  }
}

/**
 * A PDF's page count: the largest `/Count` of a `/Type /Pages` node (the root's is the total),
 * or else the number of `/Type /Page` objects, read as the file streams. Undefined when the page
 * tree is compressed out of sight.
 */
const PAGES_COUNT =
  /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g;
const PAGE_OBJECT = /\/Type\s*\/Page(?![a-zA-Z])/g;

async function pdfPages(path: string): Promise<number | undefined> {
  let tail = '';
  let maxCount = 0;
  let pageObjects = 0;
  for await (const chunk of createReadStream(path, { encoding: 'latin1' })) {
    const text = tail + (chunk as string);
    for (const m of text.matchAll(PAGES_COUNT)) maxCount = Math.max(maxCount, Number(m[1] ?? m[2]));
    // A match that lies wholly in the carried-over tail was counted with the previous chunk.
    for (const m of text.matchAll(PAGE_OBJECT))
      if (m.index + m[0].length > tail.length) pageObjects++;
    tail = text.slice(-256);
  }
  const pages = maxCount || pageObjects;
  return pages > 0 ? pages : undefined;
}
