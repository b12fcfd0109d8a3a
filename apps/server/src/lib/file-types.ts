/**
 * What a file really is, read from its first bytes (its name and declared type are ignored).
 * Only the types Kindred accepts anywhere are recognised: avatars, attachments and voice notes.
 */
export type SniffedType =
  | 'image/jpeg'
  | 'image/png'
  | 'image/gif'
  | 'image/webp'
  | 'application/pdf'
  | 'audio/webm'
  | 'audio/ogg'
  | 'audio/mpeg'
  | 'audio/wav';

/** The file extension each type is stored under. */
export const extensionOf: Record<SniffedType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'audio/webm': 'webm',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
};

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/** An MPEG-1/2/2.5 Layer III frame header at `at` (the frame sync and valid rate fields). */
export function isMp3FrameHeader(bytes: Uint8Array, at: number): boolean {
  const b1 = bytes[at + 1];
  const b2 = bytes[at + 2];
  if (bytes[at] !== 0xff || b1 === undefined || b2 === undefined) return false;
  const sync = (b1 & 0xe0) === 0xe0;
  const version = (b1 >> 3) & 0b11; // 01 is reserved
  const layer = (b1 >> 1) & 0b11; // 01 is Layer III
  const bitrate = b2 >> 4; // 0000 "free", 1111 bad
  const sampleRate = (b2 >> 2) & 0b11; // 11 reserved
  return (
    sync &&
    version !== 0b01 &&
    layer === 0b01 &&
    bitrate !== 0 &&
    bitrate !== 15 &&
    sampleRate !== 3
  );
}

/** The EBML DocType of a Matroska/WebM file, found in its first bytes. */
function ebmlDocType(bytes: Uint8Array): string | undefined {
  // DocType is element 0x4282 inside the small EBML header, so a scan of its first bytes is enough.
  const end = Math.min(bytes.length - 3, 64);
  for (let i = 4; i < end; i++) {
    if (bytes[i] !== 0x42 || bytes[i + 1] !== 0x82) continue;
    const first = bytes[i + 2]!;
    const length = Math.clz32(first) - 23; // bytes in the size: 1 for 0x80-0xff … 8 for 0x01
    if (length < 1 || length > 8) return undefined;
    let size = first & (0xff >> length);
    for (let k = 1; k < length; k++) size = size * 256 + (bytes[i + 2 + k] ?? 0);
    if (size > 16) return undefined;
    const from = i + 2 + length;
    return ascii(bytes, from, from + size);
  }
  return undefined;
}

export function sniffFileType(bytes: Uint8Array): SniffedType | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (
    starts(0x47, 0x49, 0x46, 0x38) &&
    (bytes[4] === 0x37 || bytes[4] === 0x39) &&
    bytes[5] === 0x61
  )
    return 'image/gif';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF') {
    const form = ascii(bytes, 8, 12);
    if (form === 'WEBP') return 'image/webp';
    if (form === 'WAVE') return 'audio/wav';
    return undefined;
  }
  if (ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  if (ascii(bytes, 0, 4) === 'OggS') return 'audio/ogg';
  if (starts(0x1a, 0x45, 0xdf, 0xa3))
    return ebmlDocType(bytes) === 'webm' ? 'audio/webm' : undefined;
  if (ascii(bytes, 0, 3) === 'ID3') return 'audio/mpeg';
  if (isMp3FrameHeader(bytes, 0)) return 'audio/mpeg';
  return undefined;
}
