import {
  type AttachmentKind,
  attachmentMimeTypes,
  limits,
  voiceMimeTypes,
} from '@kindred/protocol';

/**
 * Checks made before uploading, so that a wrong file is refused at once with a clear reason.
 * The server decides by the file's content; these only catch the obvious cases early.
 */

/** Names browsers give the accepted types, beyond the standard ones. */
const aliases: Record<string, AttachmentKind> = {
  'image/jpg': 'image',
  'image/pjpeg': 'image',
  'audio/mp3': 'voice',
  'audio/x-mpeg': 'voice',
  'audio/x-wav': 'voice',
  'audio/wave': 'voice',
  'audio/vnd.wave': 'voice',
  'audio/opus': 'voice',
  'application/ogg': 'voice',
  'video/webm': 'voice', // a .webm recording is often labelled as video
};
const byExtension: Record<string, AttachmentKind> = {
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  gif: 'image',
  webp: 'image',
  pdf: 'file',
  webm: 'voice',
  ogg: 'voice',
  oga: 'voice',
  opus: 'voice',
  mp3: 'voice',
  wav: 'voice',
};

/** For the file input's `accept`: pictures, PDF and audio. */
export const acceptedFileTypes = [
  ...attachmentMimeTypes,
  ...voiceMimeTypes,
  ...Object.keys(byExtension).map((ext) => `.${ext}`),
].join(',');

export const MAX_FILE_MB = limits.attachmentMaxBytes / (1024 * 1024);

/** The kind a file would be sent as, from its declared type or else its extension. */
export function kindOfFile(file: { name: string; type: string }): AttachmentKind | undefined {
  const type = file.type.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/pdf') return 'file';
  if ((attachmentMimeTypes as readonly string[]).includes(type)) return 'image';
  if ((voiceMimeTypes as readonly string[]).includes(type)) return 'voice';
  if (aliases[type]) return aliases[type];
  if (type !== '' && type !== 'application/octet-stream') return undefined;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return ext ? byExtension[ext] : undefined;
}

export type FileCheck = { ok: true; kind: AttachmentKind } | { ok: false; error: string };

/** Whether a chosen file can be sent, and if not, what to tell the person. */
export function checkFile(file: { name: string; type: string; size: number }): FileCheck {
  const kind = kindOfFile(file);
  if (!kind) {
    return {
      ok: false,
      error: `“${file.name}” can't be sent: choose a picture (JPG, PNG, GIF, WebP), a PDF or an audio file (WebM, Ogg, MP3, WAV).`,
    };
  }
  if (file.size === 0) return { ok: false, error: `“${file.name}” is empty.` };
  const max = kind === 'voice' ? limits.voiceNoteMaxBytes : limits.attachmentMaxBytes;
  if (file.size > max) {
    return {
      ok: false,
      error: `“${file.name}” is ${formatBytes(file.size)}; files can be at most ${max / (1024 * 1024)} MB.`,
    };
  }
  return { ok: true, kind };
}

/** 532 bytes, 12 KB, 3.4 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/**
 * A length as m:ss (0:07, 2:00), to the nearest second (a recording's last frame starts a few
 * milliseconds before its end); unknown or negative lengths as 0:00.
 */
export function formatDuration(ms: number | null | undefined): string {
  const total = ms && ms > 0 ? Math.round(ms / 1000) : 0;
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** Spoken form for screen readers: "1 minute 5 seconds". */
export function describeDuration(ms: number | null | undefined): string {
  const total = ms && ms > 0 ? Math.round(ms / 1000) : 0;
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes === 0) return part(seconds, 'second');
  return seconds === 0
    ? part(minutes, 'minute')
    : `${part(minutes, 'minute')} ${part(seconds, 'second')}`;
}

/** The recording format to ask MediaRecorder for: WebM or Ogg with Opus, whichever it can do. */
export function recorderMimeType(isSupported: (type: string) => boolean): string | undefined {
  return ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/ogg'].find(
    (type) => isSupported(type),
  );
}

/** The file name a recording is uploaded under. */
export const recordingFileName = (mimeType: string) =>
  mimeType.startsWith('audio/ogg') ? 'voice-note.ogg' : 'voice-note.webm';
