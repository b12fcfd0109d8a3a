import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resourceSchema } from '@kindred/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { postForm, type SignedInUser, signUp } from '../../../test/factories';
import { wav } from '../../../test/media';
import { multipartFile, tinyPng } from '../../../test/multipart';

const t = useTestApp();
let admin: SignedInUser;
let sharer: SignedInUser;

beforeAll(async () => {
  admin = await signUp(t.app, { isAdmin: true });
  sharer = await signUp(t.app);
});

const shippedOgg = readFileSync(
  fileURLToPath(new URL('../../../assets/resources/box-breathing.ogg', import.meta.url)),
);

/** A small MP4: `ftyp`, some media, then the `moov` with its movie header at the end. */
function mp4(durationSeconds: number): Buffer {
  const box = (kind: string, body: Buffer) => {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(body.length + 8, 0);
    header.write(kind, 4, 'latin1');
    return Buffer.concat([header, body]);
  };
  const ftyp = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2avc1mp41', 'latin1'));
  const mdat = box('mdat', Buffer.alloc(4000, 7));
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale
  mvhd.writeUInt32BE(durationSeconds * 1000, 16); // duration
  return Buffer.concat([ftyp, mdat, box('moov', box('mvhd', mvhd))]);
}

/** A three-page PDF (its page tree says so). */
const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
    '2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >> endobj\n' +
    '3 0 obj << /Type /Page /Parent 2 0 R >> endobj\n4 0 obj << /Type /Page /Parent 2 0 R >> endobj\n' +
    '5 0 obj << /Type /Page /Parent 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

async function draft(type: string, title = `A ${type}`) {
  const response = await t.api(admin, 'POST', '/resources', {
    type,
    title,
    summary: 'Something to listen to, watch or read.',
    topics: ['stress'],
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}
const upload = (id: string, bytes: Buffer, filename = 'file.bin', who = admin) =>
  postForm(
    t.app,
    who,
    `/resources/${id}/file`,
    multipartFile({ filename, contentType: 'application/octet-stream', bytes }),
  );

describe('uploading a resource’s file', () => {
  it.each([
    ['WAV audio', 'audio', wav(3000), 'audio/wav', { duration_seconds: 3 }],
    ['Ogg/Opus audio', 'audio', shippedOgg, 'audio/ogg', { duration_seconds: 98 }],
    ['M4A audio', 'audio', mp4(65), 'audio/mp4', { duration_seconds: 65 }],
    ['MP4 video', 'video', mp4(125), 'video/mp4', { duration_seconds: 125 }],
    ['a PDF', 'pdf', pdf, 'application/pdf', { pages: 3, duration_seconds: null }],
  ])('takes %s, reading its length from the file', async (_, type, bytes, mime, measured) => {
    const id = await draft(type);
    const response = await upload(id, bytes, 'My file<1>.bin');
    expect(response.statusCode, response.body).toBe(200);
    const body = resourceSchema.parse(response.json());
    expect(body).toMatchObject(measured);
    expect(body.file).toEqual({
      mime_type: mime,
      size_bytes: bytes.length,
      name: expect.stringMatching(/^My file1\.\w+$/),
      url: `/api/v1/resources/${id}/download`,
    });
  });

  it.each([
    ['a picture as audio', 'audio', tinyPng],
    ['a PDF as video', 'video', pdf],
    ['audio as a PDF', 'pdf', wav(500)],
    [
      'text as audio',
      'audio',
      Buffer.from('just some words pretending to be a sound file, honestly'),
    ],
  ])('refuses %s, judged by its content', async (_, type, bytes) => {
    const id = await draft(type);
    expectCode(await upload(id, bytes, 'sound.mp3'), 400, 'INVALID_FILE_TYPE');
    expect(
      resourceSchema.parse((await t.api(admin, 'GET', `/resources/${id}`)).json()).file,
    ).toBeNull();
  });

  it('refuses an empty file', async () => {
    expectCode(await upload(await draft('audio'), Buffer.alloc(0)), 400, 'FILE_EMPTY');
  });

  it('refuses a PDF over 20 MB, while it streams', async () => {
    const big = Buffer.concat([pdf, Buffer.alloc(20 * 1024 * 1024, 0x20)]);
    const response = await upload(await draft('pdf'), big);
    expectCode(response, 413, 'PAYLOAD_TOO_LARGE');
    expect(response.json().error).toContain('20 MB');
  });

  it('refuses a file for an article', async () => {
    const id = (
      await t.api(admin, 'POST', '/resources', {
        type: 'article',
        title: 'Words',
        summary: 'Only words',
        body: 'Hello',
      })
    ).json().id;
    expectCode(await upload(id, pdf), 400, 'RESOURCE_HAS_NO_FILE');
  });

  it('refuses an upload without a file part', async () => {
    const id = await draft('pdf');
    const form = multipartFile({
      field: 'other',
      filename: 'a.pdf',
      contentType: 'application/pdf',
      bytes: pdf,
    });
    expectCode(
      await postForm(t.app, admin, `/resources/${id}/file`, form),
      400,
      'VALIDATION_ERROR',
    );
  });

  it('lets nobody else upload to the team’s draft', async () => {
    const id = await draft('pdf');
    expectCode(await upload(id, pdf, 'x.pdf', sharer), 404, 'RESOURCE_NOT_FOUND');
  });
});

describe('serving a file', () => {
  let id: string;
  const bytes = wav(4000); // 32,044 bytes
  beforeAll(async () => {
    id = await draft('audio', 'Served audio');
    await upload(id, bytes, 'calm.wav');
    await t.api(admin, 'PUT', `/resources/${id}`, { status: 'published' });
  });
  const download = (range?: string, query = '', who = sharer) =>
    t.app.inject({
      url: `/api/v1/resources/${id}/download${query}`,
      headers: { ...who.headers, ...(range ? { range } : {}) },
    });

  it('sends the whole file with the attachments’ safety headers', async () => {
    const response = await download();
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(bytes)).toBe(true);
    expect(response.headers).toMatchObject({
      'content-type': 'audio/wav',
      'content-length': String(bytes.length),
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
      'content-disposition': `inline; filename="calm.wav"; filename*=UTF-8''calm.wav`,
    });
    const saved = await download(undefined, '?download=1');
    expect(saved.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('sends the first bytes of a range (206)', async () => {
    const response = await download('bytes=0-9');
    expect(response.statusCode).toBe(206);
    expect(response.headers['content-range']).toBe(`bytes 0-9/${bytes.length}`);
    expect(response.headers['content-length']).toBe('10');
    expect(response.rawPayload.equals(bytes.subarray(0, 10))).toBe(true);
  });

  it('sends a range from the middle, and the end of the file', async () => {
    const middle = await download('bytes=1000-1999');
    expect(middle.statusCode).toBe(206);
    expect(middle.rawPayload.equals(bytes.subarray(1000, 2000))).toBe(true);
    const tail = await download('bytes=-100');
    expect(tail.headers['content-range']).toBe(
      `bytes ${bytes.length - 100}-${bytes.length - 1}/${bytes.length}`,
    );
    expect(tail.rawPayload.equals(bytes.subarray(-100))).toBe(true);
  });

  it('answers 416 for a range outside the file', async () => {
    const response = await download(`bytes=${bytes.length}-`);
    expectCode(response, 416, 'RANGE_NOT_SATISFIABLE');
    expect(response.headers['content-range']).toBe(`bytes */${bytes.length}`);
  });

  it('counts a download once a day, not each seek', async () => {
    const listener = await signUp(t.app);
    const before = resourceSchema.parse((await t.api(admin, 'GET', `/resources/${id}`)).json());
    await download('bytes=0-', '', listener);
    await download('bytes=5000-6000', '', listener);
    await download(undefined, '', listener);
    const after = resourceSchema.parse((await t.api(admin, 'GET', `/resources/${id}`)).json());
    expect(after.download_count).toBe(before.download_count + 1);
  });

  it('hides the file of an unpublished resource from others (404)', async () => {
    const hidden = await draft('pdf', 'Hidden pdf');
    await upload(hidden, pdf);
    const response = await t.app.inject({
      url: `/api/v1/resources/${hidden}/download`,
      headers: sharer.headers,
    });
    expectCode(response, 404, 'RESOURCE_NOT_FOUND');
    const own = await t.app.inject({
      url: `/api/v1/resources/${hidden}/download`,
      headers: admin.headers,
    });
    expect(own.statusCode).toBe(200);
  });

  it('answers 400 when the resource has no file yet', async () => {
    const empty = await draft('video', 'No video yet');
    const response = await t.app.inject({
      url: `/api/v1/resources/${empty}/download`,
      headers: admin.headers,
    });
    expectCode(response, 400, 'RESOURCE_HAS_NO_FILE');
  });
});
