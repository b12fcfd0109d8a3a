import { describe, expect, it } from 'vitest';
import {
  checkFile,
  describeDuration,
  formatBytes,
  formatDuration,
  kindOfFile,
  recorderMimeType,
  recordingFileName,
} from './attachment-checks';

const MB = 1024 * 1024;

describe('kindOfFile', () => {
  it.each([
    ['photo.jpg', 'image/jpeg', 'image'],
    ['photo.webp', 'image/webp', 'image'],
    ['scan.pdf', 'application/pdf', 'file'],
    ['note.webm', 'audio/webm;codecs=opus', 'voice'],
    ['note.webm', 'video/webm', 'voice'],
    ['song.mp3', 'audio/mpeg', 'voice'],
    ['old.wav', 'audio/x-wav', 'voice'],
    ['no-type.ogg', '', 'voice'],
    ['no-type.PNG', 'application/octet-stream', 'image'],
    ['page.html', 'text/html', undefined],
    ['setup.exe', 'application/x-msdownload', undefined],
    ['logo.svg', 'image/svg+xml', undefined],
    ['movie.mp4', 'video/mp4', undefined],
    ['mystery', '', undefined],
  ])('%s (%s) → %s', (name, type, expected) => {
    expect(kindOfFile({ name, type })).toBe(expected);
  });
});

describe('checkFile', () => {
  it('accepts a picture up to 10 MB', () => {
    expect(checkFile({ name: 'a.png', type: 'image/png', size: 10 * MB })).toEqual({
      ok: true,
      kind: 'image',
    });
  });
  it('refuses a file over 10 MB, saying how big it is', () => {
    expect(checkFile({ name: 'big.pdf', type: 'application/pdf', size: 12.3 * MB })).toEqual({
      ok: false,
      error: '“big.pdf” is 12 MB; files can be at most 10 MB.',
    });
  });
  it('refuses an empty file and a type that cannot be sent', () => {
    expect(checkFile({ name: 'e.png', type: 'image/png', size: 0 })).toMatchObject({
      ok: false,
      error: '“e.png” is empty.',
    });
    expect(checkFile({ name: 'x.exe', type: 'application/x-msdownload', size: 10 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('choose a picture'),
    });
  });
});

describe('formatting', () => {
  it.each([
    [0, '0:00'],
    [499, '0:00'],
    [1_960, '0:02'],
    [7_400, '0:07'],
    [65_000, '1:05'],
    [120_000, '2:00'],
    [null, '0:00'],
    [-5, '0:00'],
  ])('formatDuration(%s) → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it.each([
    [1_000, '1 second'],
    [12_000, '12 seconds'],
    [60_000, '1 minute'],
    [65_000, '1 minute 5 seconds'],
    [120_000, '2 minutes'],
  ])('describeDuration(%s) → %s', (ms, expected) => {
    expect(describeDuration(ms)).toBe(expected);
  });

  it.each([
    [532, '532 bytes'],
    [12 * 1024, '12 KB'],
    [3.4 * MB, '3.4 MB'],
    [10 * MB, '10 MB'],
  ])('formatBytes(%s) → %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});

describe('recorderMimeType', () => {
  it('prefers WebM/Opus, falls back to Ogg, or leaves the choice to the browser', () => {
    expect(recorderMimeType(() => true)).toBe('audio/webm;codecs=opus');
    expect(recorderMimeType((t) => t.startsWith('audio/ogg'))).toBe('audio/ogg;codecs=opus');
    expect(recorderMimeType(() => false)).toBeUndefined();
    expect(recordingFileName('audio/ogg;codecs=opus')).toBe('voice-note.ogg');
    expect(recordingFileName('audio/webm')).toBe('voice-note.webm');
  });
});
