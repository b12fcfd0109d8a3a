import { isMp3FrameHeader, type SniffedType } from '../../lib/file-types';

/**
 * What Kindred reads from an uploaded file's own bytes: the length of a voice note and the pixel
 * size of an image. Each reader is small and defensive: a file it cannot make sense of gives
 * `undefined`, never an exception, and the caller falls back to what the client said (capped).
 */

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const ascii = (b: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));
const finite = (ms: number) => (Number.isFinite(ms) && ms >= 0 ? Math.round(ms) : undefined);

/** Sample rates a WAV may claim; outside them the length is measured at the nearest bound. */
const WAV_RATE_MIN = 8_000;
const WAV_RATE_MAX = 384_000;

/**
 * WAV: how long the audio really plays, from the bytes after the data chunk's header (to the end
 * of the file: a small declared size does not hide what follows) over the rate the samples play
 * at. The header's own byte-rate and size fields are not trusted: a forged byte rate or sample
 * rate would otherwise make a long recording look short.
 */
export function wavDurationMs(b: Uint8Array): number | undefined {
  const v = view(b);
  let fmt: { byteRate: number; sampleRate: number; blockAlign: number } | undefined;
  for (let pos = 12; pos + 8 <= b.length;) {
    const id = ascii(b, pos, pos + 4);
    const size = v.getUint32(pos + 4, true);
    if (id === 'fmt ' && pos + 24 <= b.length) {
      fmt = {
        sampleRate: v.getUint32(pos + 12, true),
        byteRate: v.getUint32(pos + 16, true),
        blockAlign: v.getUint16(pos + 20, true),
      };
    }
    if (id === 'data') {
      if (!fmt || !fmt.blockAlign) return undefined;
      const rate = Math.min(Math.max(fmt.sampleRate, WAV_RATE_MIN), WAV_RATE_MAX);
      // PCM plays one block per sample; compressed formats say their own (smaller) byte rate.
      // The smaller of the two is the longer, honest length.
      const bytesPerSecond = Math.min(rate * fmt.blockAlign, fmt.byteRate || Infinity);
      const dataBytes = b.length - (pos + 8);
      return finite((dataBytes / bytesPerSecond) * 1000);
    }
    pos += 8 + size + (size % 2);
  }
  return undefined;
}

/** Ogg (Opus or Vorbis): the last page's granule position, in samples, over the sample rate. */
export function oggDurationMs(b: Uint8Array): number | undefined {
  const v = view(b);
  if (b.length < 28) return undefined;
  const packet = 27 + b[26]!;
  let rate: number;
  let preSkip = 0;
  if (ascii(b, packet, packet + 8) === 'OpusHead' && packet + 12 <= b.length) {
    rate = 48_000; // Opus granules always count 48 kHz samples
    preSkip = v.getUint16(packet + 10, true);
  } else if (ascii(b, packet + 1, packet + 7) === 'vorbis' && packet + 16 <= b.length) {
    rate = v.getUint32(packet + 12, true);
  } else return undefined;
  if (!rate) return undefined;
  for (let pos = b.length - 27; pos >= 0; pos--) {
    if (b[pos] === 0x4f && ascii(b, pos, pos + 4) === 'OggS' && b[pos + 4] === 0) {
      const granule = v.getBigInt64(pos + 6, true);
      if (granule < 0n) continue; // -1: no packet ends on this page
      return finite(((Number(granule) - preSkip) / rate) * 1000);
    }
  }
  return undefined;
}

/** An EBML variable-length integer: its length in bytes and value (marker bit removed). */
function vint(b: Uint8Array, pos: number, keepMarker: boolean) {
  const first = b[pos];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23; // 1 for 0b1xxxxxxx … 8 for 0b00000001
  if (pos + length > b.length) return undefined;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + b[pos + i]!;
    if (b[pos + i] !== 0xff) allOnes = false;
  }
  return { length, value, unknown: !keepMarker && allOnes };
}

const EBML = {
  segment: 0x18538067,
  info: 0x1549a966,
  cluster: 0x1f43b675,
  blockGroup: 0xa0,
  timecodeScale: 0x2ad7b1,
  duration: 0x4489,
  clusterTimecode: 0xe7,
  simpleBlock: 0xa3,
  block: 0xa1,
};
const containers = new Set([EBML.segment, EBML.info, EBML.cluster, EBML.blockGroup]);

/**
 * WebM: the Info duration when the writer filled it in; browsers' MediaRecorder does not, so
 * otherwise the timestamp of the last block (cluster time + the block's relative time).
 */
export function webmDurationMs(b: Uint8Array): number | undefined {
  const v = view(b);
  const uint = (from: number, size: number) => {
    let n = 0;
    for (let i = 0; i < size; i++) n = n * 256 + b[from + i]!;
    return n;
  };
  let scaleNs = 1_000_000;
  let duration: number | undefined;
  let clusterTime = 0;
  let lastBlock: number | undefined;
  for (let pos = 0; pos < b.length;) {
    const id = vint(b, pos, true);
    const size = id && vint(b, pos + id.length, false);
    if (!id || !size) break;
    const start = pos + id.length + size.length;
    if (containers.has(id.value)) {
      pos = start; // step inside: its children follow (its size may be unknown while recording)
      continue;
    }
    if (size.unknown || start + size.value > b.length) break;
    if (id.value === EBML.timecodeScale) scaleNs = uint(start, size.value) || scaleNs;
    else if (id.value === EBML.duration && (size.value === 4 || size.value === 8))
      duration = size.value === 4 ? v.getFloat32(start) : v.getFloat64(start);
    else if (id.value === EBML.clusterTimecode) clusterTime = uint(start, size.value);
    else if (id.value === EBML.simpleBlock || id.value === EBML.block) {
      const track = vint(b, start, false);
      if (track && start + track.length + 2 <= b.length) {
        const at = clusterTime + v.getInt16(start + track.length);
        lastBlock = Math.max(lastBlock ?? 0, at);
      }
    }
    pos = start + size.value;
  }
  const ticks = duration ?? lastBlock;
  return ticks === undefined ? undefined : finite((ticks * scaleNs) / 1e6);
}

const MP3_BITRATES = {
  v1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_RATES = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** MP3: frame count from a Xing/Info or VBRI header, or else the size over the constant bitrate. */
export function mp3DurationMs(b: Uint8Array): number | undefined {
  const v = view(b);
  let pos = 0;
  if (ascii(b, 0, 3) === 'ID3' && b.length >= 10) {
    const tag =
      ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
    pos = 10 + tag + (b[5]! & 0x10 ? 10 : 0);
  }
  const scanEnd = Math.min(b.length - 4, pos + 64 * 1024);
  while (pos < scanEnd && !isMp3FrameHeader(b, pos)) pos++;
  if (pos >= scanEnd) return undefined;
  const version = (b[pos + 1]! >> 3) & 0b11; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  const bitrate = (version === 3 ? MP3_BITRATES.v1 : MP3_BITRATES.v2)[b[pos + 2]! >> 4]!;
  const rate = MP3_RATES[version as 0 | 2 | 3][(b[pos + 2]! >> 2) & 0b11]!;
  const samplesPerFrame = version === 3 ? 1152 : 576;
  const mono = b[pos + 3]! >> 6 === 0b11;
  const sideInfo = version === 3 ? (mono ? 17 : 32) : mono ? 9 : 17;
  const xing = pos + 4 + sideInfo;
  const tag = ascii(b, xing, xing + 4);
  if ((tag === 'Xing' || tag === 'Info') && xing + 12 <= b.length && v.getUint32(xing + 4) & 1) {
    return finite(((v.getUint32(xing + 8) * samplesPerFrame) / rate) * 1000);
  }
  const vbri = pos + 36;
  if (ascii(b, vbri, vbri + 4) === 'VBRI' && vbri + 18 <= b.length) {
    return finite(((v.getUint32(vbri + 14) * samplesPerFrame) / rate) * 1000);
  }
  const end = ascii(b, b.length - 128, b.length - 125) === 'TAG' ? b.length - 128 : b.length;
  return finite((((end - pos) * 8) / (bitrate * 1000)) * 1000);
}

/** A voice note's length in milliseconds, from the file itself. */
export function audioDurationMs(type: SniffedType, bytes: Uint8Array): number | undefined {
  try {
    if (type === 'audio/wav') return wavDurationMs(bytes);
    if (type === 'audio/ogg') return oggDurationMs(bytes);
    if (type === 'audio/webm') return webmDurationMs(bytes);
    if (type === 'audio/mpeg') return mp3DurationMs(bytes);
  } catch {
    // A malformed file: its length is unknown, not an error.
  }
  return undefined;
}

/** An image's pixel size from its header (PNG, GIF, WebP, JPEG). */
export function imageSize(
  type: SniffedType,
  b: Uint8Array,
): { width: number; height: number } | undefined {
  try {
    const v = view(b);
    const size = (width: number, height: number) =>
      width > 0 && height > 0 ? { width, height } : undefined;
    if (type === 'image/png' && b.length >= 24) return size(v.getUint32(16), v.getUint32(20));
    if (type === 'image/gif' && b.length >= 10)
      return size(v.getUint16(6, true), v.getUint16(8, true));
    if (type === 'image/webp' && b.length >= 30) {
      const chunk = ascii(b, 12, 16);
      if (chunk === 'VP8 ')
        return size(v.getUint16(26, true) & 0x3fff, v.getUint16(28, true) & 0x3fff);
      if (chunk === 'VP8L') {
        const bits = v.getUint32(21, true);
        return size((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
      }
      if (chunk === 'VP8X') {
        const u24 = (at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
        return size(u24(24) + 1, u24(27) + 1);
      }
      return undefined;
    }
    if (type === 'image/jpeg') {
      for (let pos = 2; pos + 9 < b.length;) {
        if (b[pos] !== 0xff) return undefined;
        const marker = b[pos + 1]!;
        if (marker === 0xff) {
          pos++; // fill byte
          continue;
        }
        const sof = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
        if (sof) return size(v.getUint16(pos + 7), v.getUint16(pos + 5));
        if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) pos += 2;
        else pos += 2 + v.getUint16(pos + 2);
      }
    }
  } catch {
    // A malformed header: no size.
  }
  return undefined;
}
