import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { jpegHeader, mp3, oggOpus, wav, webm } from '../../../test/media';
import { pdfBytes, tinyPng } from '../../../test/multipart';
import { sniffFileType } from '../../lib/file-types';
import { audioDurationMs, imageSize } from './media-info';
import { contentDisposition, parseRange } from './http-headers';
import { cleanFileName } from './attachments.service';

const text = (value: string) => Buffer.from(value);

describe('sniffFileType', () => {
  it.each([
    ['PNG', tinyPng, 'image/png'],
    ['JPEG', jpegHeader(10, 10), 'image/jpeg'],
    ['GIF', text('GIF89a\x01\x00\x01\x00'), 'image/gif'],
    ['WebP', text('RIFF\x10\x00\x00\x00WEBPVP8 '), 'image/webp'],
    ['PDF', pdfBytes, 'application/pdf'],
    ['WAV', wav(100), 'audio/wav'],
    ['WebM', webm(1000), 'audio/webm'],
    ['Ogg', oggOpus(1000), 'audio/ogg'],
    ['MP3 frames', mp3(500), 'audio/mpeg'],
    ['MP3 with ID3', text('ID3\x04\x00\x00\x00\x00\x00\x00'), 'audio/mpeg'],
    [
      'Matroska that is not WebM',
      Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x84, 0x42, 0x82, 0x88, ...text('matroska')]),
      undefined,
    ],
    ['RIFF AVI', text('RIFF\x10\x00\x00\x00AVI LIST'), undefined],
    ['EXE', text('MZ\x90\x00\x03'), undefined],
    ['HTML', text('<!doctype html><script>'), undefined],
    ['SVG', text('<svg xmlns="http://www.w3.org/2000/svg"/>'), undefined],
    ['plain text', text('hello there'), undefined],
    ['empty', Buffer.alloc(0), undefined],
  ])('%s', (_name, bytes, expected) => {
    expect(sniffFileType(bytes)).toBe(expected);
  });
});

describe('audioDurationMs', () => {
  it.each([
    ['WAV 1.5 s', 'audio/wav', wav(1500), 1500],
    ['WAV 2:30', 'audio/wav', wav(150_000), 150_000],
    ['WebM from a recorder (no Duration): last block', 'audio/webm', webm(7000), 7000],
    ['WebM with Duration', 'audio/webm', webm(3000, { withDuration: true }), 3000],
    ['Ogg Opus 2.5 s', 'audio/ogg', oggOpus(2500), 2500],
  ] as const)('%s', (_name, type, bytes, expected) => {
    expect(audioDurationMs(type, bytes)).toBe(expected);
  });

  it('estimates a constant-bitrate MP3 from its size', () => {
    expect(audioDurationMs('audio/mpeg', mp3(10_000))).toBeGreaterThan(9800);
    expect(audioDurationMs('audio/mpeg', mp3(10_000))).toBeLessThan(10_200);
  });

  it('reads a real MP3 file when one is on the machine', async () => {
    const real = await readFile(
      '/usr/lib/google-cloud-sdk/platform/gsutil/gslib/tests/test_data/test.mp3',
    ).catch(() => undefined);
    if (!real) return;
    expect(sniffFileType(real)).toBe('audio/mpeg');
    const ms = audioDurationMs('audio/mpeg', real);
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(5000);
  });

  it('gives up on garbage instead of throwing', () => {
    expect(audioDurationMs('audio/wav', text('RIFF\x00\x00\x00\x00WAVEjunk'))).toBeUndefined();
    expect(audioDurationMs('audio/ogg', text('OggS'))).toBeUndefined();
    expect(
      audioDurationMs('audio/webm', Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0xff])),
    ).toBeUndefined();
    expect(audioDurationMs('audio/mpeg', text('ID3\x04\x00\x00\x7f\x7f\x7f\x7f'))).toBeUndefined();
  });
});

describe('imageSize', () => {
  it('reads PNG, JPEG and GIF headers', () => {
    expect(imageSize('image/png', tinyPng)).toEqual({ width: 1, height: 1 });
    expect(imageSize('image/jpeg', jpegHeader(640, 480))).toEqual({ width: 640, height: 480 });
    expect(imageSize('image/gif', text('GIF89a\x20\x00\x10\x00'))).toEqual({
      width: 32,
      height: 16,
    });
  });
  it('gives up on a truncated header', () => {
    expect(imageSize('image/png', tinyPng.subarray(0, 12))).toBeUndefined();
    expect(imageSize('image/jpeg', Buffer.from([0xff, 0xd8, 0xff]))).toBeUndefined();
  });
});

describe('cleanFileName', () => {
  it.each([
    ['holiday.png', 'image/png', 'holiday.png'],
    ['../../etc/passwd.png', 'image/png', 'passwd.png'],
    ['C:\\Users\\me\\scan.pdf', 'application/pdf', 'scan.pdf'],
    ['notes.html', 'application/pdf', 'notes.pdf'],
    ['evil"\r\nX-Header: 1.png', 'image/png', 'evilX-Header 1.png'],
    ['', 'audio/webm', 'voice-note.webm'],
    [undefined, 'application/pdf', 'document.pdf'],
    ['.hidden', 'image/png', 'image.png'],
    ['día de campo.jpg', 'image/jpeg', 'día de campo.jpg'],
  ] as const)('%s → %s', (input, type, expected) => {
    expect(cleanFileName(input, type)).toBe(expected);
  });
});

describe('contentDisposition', () => {
  it('opens images and voice notes inline and downloads documents, with an ASCII fallback', () => {
    expect(contentDisposition('image', 'a.png')).toBe(
      `inline; filename="a.png"; filename*=UTF-8''a.png`,
    );
    expect(contentDisposition('file', 'día.pdf')).toBe(
      `attachment; filename="d_a.pdf"; filename*=UTF-8''d%C3%ADa.pdf`,
    );
  });
});

describe('parseRange', () => {
  it.each([
    ['bytes=0-99', 1000, { start: 0, end: 99 }],
    ['bytes=900-', 1000, { start: 900, end: 999 }],
    ['bytes=-100', 1000, { start: 900, end: 999 }],
    ['bytes=500-5000', 1000, { start: 500, end: 999 }],
    ['bytes=1000-', 1000, undefined],
    ['bytes=5-1', 1000, undefined],
    ['bytes=0-1,5-9', 1000, undefined],
    ['items=0-1', 1000, undefined],
    [undefined, 1000, undefined],
  ])('%s of %d', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});
