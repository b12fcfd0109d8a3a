/**
 * Small but well-formed audio and image files built byte by byte, so tests control their length
 * and size exactly (the parsers read headers and timestamps, not the sound).
 */

/** A PCM WAV of the given length (8 kHz mono 8-bit: 8000 bytes a second). */
export function wav(durationMs: number): Buffer {
  const rate = 8000;
  const data = Buffer.alloc(Math.round((rate * durationMs) / 1000), 0x80);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28); // byte rate
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** An EBML element: id bytes, an 8-byte size (or "unknown"), data. */
function ebml(id: number[], data: Buffer | null): Buffer {
  const size = Buffer.alloc(8);
  if (data === null) size.fill(0xff, 1);
  else size.writeBigUInt64BE(BigInt(data.length));
  size[0] = 0x01;
  return Buffer.concat([Buffer.from(id), size, data ?? Buffer.alloc(0)]);
}
const uintBytes = (n: number, bytes = 4) => {
  const b = Buffer.alloc(bytes);
  b.writeUIntBE(n, 0, bytes);
  return b;
};

/**
 * A WebM as browsers' MediaRecorder writes it: no duration in Info, segment and clusters of
 * unknown size, one block every 500 ms up to `durationMs`. `withDuration` fills Info's Duration.
 */
export function webm(durationMs: number, options: { withDuration?: boolean } = {}): Buffer {
  const header = ebml([0x1a, 0x45, 0xdf, 0xa3], ebml([0x42, 0x82], Buffer.from('webm')));
  const infoParts = [ebml([0x2a, 0xd7, 0xb1], uintBytes(1_000_000))];
  if (options.withDuration) {
    const d = Buffer.alloc(8);
    d.writeDoubleBE(durationMs);
    infoParts.push(ebml([0x44, 0x89], d));
  }
  const info = ebml([0x15, 0x49, 0xa9, 0x66], Buffer.concat(infoParts));
  const clusters: Buffer[] = [];
  for (let clusterStart = 0; clusterStart <= durationMs; clusterStart += 5000) {
    const parts = [ebml([0xe7], uintBytes(clusterStart))];
    for (let t = clusterStart; t < clusterStart + 5000 && t <= durationMs; t += 500) {
      const block = Buffer.alloc(4 + 8);
      block[0] = 0x81; // track 1
      block.writeInt16BE(t - clusterStart, 1);
      block[3] = 0x80; // keyframe
      parts.push(ebml([0xa3], block));
    }
    clusters.push(
      Buffer.concat([
        Buffer.from([0x1f, 0x43, 0xb6, 0x75, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        ...parts,
      ]),
    );
  }
  const segment = ebml([0x18, 0x53, 0x80, 0x67], null);
  return Buffer.concat([header, segment, info, ...clusters]);
}

/** An Ogg page with one packet. */
function oggPage(granule: bigint, sequence: number, packet: Buffer, flags = 0): Buffer {
  const head = Buffer.alloc(27);
  head.write('OggS', 0, 'ascii');
  head[4] = 0;
  head[5] = flags;
  head.writeBigInt64LE(granule, 6);
  head.writeUInt32LE(1234, 14);
  head.writeUInt32LE(sequence, 18);
  const lacing: number[] = [];
  let left = packet.length;
  while (left >= 255) {
    lacing.push(255);
    left -= 255;
  }
  lacing.push(left);
  head[26] = lacing.length;
  return Buffer.concat([head, Buffer.from(lacing), packet]);
}

/** An Ogg Opus file whose last page ends at `durationMs` (after a 312-sample pre-skip). */
export function oggOpus(durationMs: number): Buffer {
  const opusHead = Buffer.alloc(19);
  opusHead.write('OpusHead', 0, 'ascii');
  opusHead[8] = 1;
  opusHead[9] = 1;
  opusHead.writeUInt16LE(312, 10);
  opusHead.writeUInt32LE(48000, 12);
  const tags = Buffer.concat([Buffer.from('OpusTags'), Buffer.alloc(8)]);
  const pages = [oggPage(0n, 0, opusHead, 2), oggPage(0n, 1, tags)];
  const samples = BigInt(Math.round((durationMs * 48000) / 1000) + 312);
  pages.push(oggPage(samples / 2n, 2, Buffer.alloc(40, 1)));
  pages.push(oggPage(samples, 3, Buffer.alloc(40, 1), 4));
  return Buffer.concat(pages);
}

/** A constant-bitrate MP3 (MPEG-1 Layer III, 128 kbit/s, 44.1 kHz) of about `durationMs`. */
export function mp3(durationMs: number): Buffer {
  const frameLength = Math.floor((144 * 128_000) / 44_100); // 417 bytes
  const frames = Math.round((durationMs / 1000) * (44_100 / 1152));
  const frame = Buffer.alloc(frameLength);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

/** A JPEG header that declares its pixel size (SOF0), enough for the size reader. */
export function jpegHeader(width: number, height: number): Buffer {
  const app0 = Buffer.from([
    0xff,
    0xe0,
    0x00,
    0x10,
    ...Buffer.from('JFIF\0'),
    1,
    1,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
  ]);
  const sof = Buffer.from([
    0xff,
    0xc0,
    0x00,
    0x11,
    8,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    3,
  ]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    app0,
    sof,
    Buffer.alloc(9),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** The first bytes of a Windows executable. */
export const exeBytes = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0')]);
