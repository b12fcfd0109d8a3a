import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { attachmentSchema, chatMessageSchema, errorBodySchema, limits } from '@kindred/protocol';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { postForm, type SignedInUser, signUp } from '../../../test/factories';
import { exeBytes, jpegHeader, oggOpus, wav, webm } from '../../../test/media';
import { multipartForm, pdfBytes, tinyPng } from '../../../test/multipart';
import { storeBlock } from '../../../test/rows';
import { storedDirectChat, storedListeningChat } from '../../../test/scenarios';
import { emitAck, nextEvent } from '../../../test/sockets';
import { messages } from '../../db/schema';

const t = useTestApp();
const { api } = t;

function upload(
  user: SignedInUser,
  conversationId: string,
  file: { filename: string; bytes: Buffer; type?: string } | null,
  fields: Record<string, string> = {},
) {
  const form = multipartForm([
    ...(file ? [{ field: 'file', ...file }] : []),
    ...Object.entries(fields).map(([field, value]) => ({ field, value })),
  ]);
  return postForm(t.app, user, `/conversations/${conversationId}/attachments`, form);
}

const download = (user: SignedInUser | null, id: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/attachments/${id}`,
    headers: { ...(user?.headers ?? {}), ...headers },
  });

/** Two people in a direct conversation of their own, with nothing in it yet. */
const directPair = () => storedDirectChat(t.app);

function expectError(
  response: { statusCode: number; json(): unknown },
  status: number,
  code: string,
) {
  expect({ status: response.statusCode, body: response.json() }).toMatchObject({
    status,
    body: { success: false, code },
  });
  expect(errorBodySchema.safeParse(response.json()).success).toBe(true);
}

describe('sending a picture in a direct conversation', () => {
  it('uploads, sends with a caption over the socket, reaches the other member, who downloads it', async () => {
    const { a, b, id } = await directPair();
    const jpeg = Buffer.concat([jpegHeader(640, 480), Buffer.alloc(2000, 7)]);
    const uploaded = await upload(a, id, {
      filename: 'beach.jpg',
      bytes: jpeg,
      type: 'image/jpeg',
    });
    expect(uploaded.statusCode).toBe(201);
    const attachment = attachmentSchema.parse(uploaded.json());
    expect(attachment).toMatchObject({
      kind: 'image',
      mime_type: 'image/jpeg',
      size_bytes: jpeg.length,
      name: 'beach.jpg',
      url: `/api/v1/attachments/${attachment.id}`,
      width: 640,
      height: 480,
      duration_ms: null,
    });
    // Stored under a random name in the uploads folder, not under the client's name.
    const stored = await readdir(path.join(t.config.dataDir, 'uploads', 'attachments'));
    expect(stored.some((name) => /^[0-9a-f]{32}\.jpg$/.test(name))).toBe(true);
    expect(stored).not.toContain('beach.jpg');

    const aSocket = await t.connect(a);
    const bSocket = await t.connect(b);
    const arrived = nextEvent(bSocket, 'new_message', (m) => m.session_id === id);
    const ack = await emitAck<{ message: unknown }>(aSocket, 'send_message', {
      session_id: id,
      content: 'Look where I am',
      attachment_id: attachment.id,
      client_msg_id: randomUUID(),
    });
    expect(ack).toMatchObject({ success: true });
    const received = chatMessageSchema.parse(await arrived);
    expect(received).toMatchObject({
      kind: 'image',
      content: 'Look where I am',
      is_own_message: false,
      attachment,
    });

    const file = await download(b, attachment.id);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toMatch(/^inline; filename="beach.jpg"/);
    expect(file.headers['cache-control']).toMatch(/^private/);
    expect(file.rawPayload.equals(jpeg)).toBe(true);

    // The history carries it too, for both.
    const history = await api(b, 'GET', `/chat/sessions/${id}/messages`);
    expect(history.json().messages.at(-1)).toMatchObject({ kind: 'image', attachment });
  });

  it('sends a PDF without a caption over HTTP; it downloads as an attachment with a safe name', async () => {
    const { a, b, id } = await directPair();
    const uploaded = (
      await upload(a, id, { filename: 'día notes.html', bytes: pdfBytes, type: 'text/html' })
    ).json();
    expect(uploaded).toMatchObject({ kind: 'file', mime_type: 'application/pdf' });
    const sent = await api(a, 'POST', `/conversations/${id}/messages`, {
      content: '',
      attachment_id: uploaded.id,
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json().message).toMatchObject({
      kind: 'file',
      content: '',
      attachment: { id: uploaded.id },
    });

    const file = await download(b, uploaded.id);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="d_a notes.pdf"; filename*=UTF-8''d%C3%ADa%20notes.pdf`,
    );
  });

  it('serves byte ranges of a voice note, for seeking', async () => {
    const { a, b, id } = await directPair();
    const audio = oggOpus(3000);
    const uploaded = (await upload(a, id, { filename: 'note.ogg', bytes: audio })).json();
    expect(uploaded).toMatchObject({ kind: 'voice', mime_type: 'audio/ogg', duration_ms: 3000 });
    await api(a, 'POST', `/conversations/${id}/messages`, { attachment_id: uploaded.id });

    const part = await download(b, uploaded.id, { range: 'bytes=10-19' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-19/${audio.length}`);
    expect(part.headers['content-disposition']).toMatch(/^inline;/);
    expect(part.rawPayload.equals(audio.subarray(10, 20))).toBe(true);
    const whole = await download(b, uploaded.id, { range: 'bytes=999999-' });
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.length).toBe(audio.length);
  });
});

describe('voice notes', () => {
  it('reads the length from the file, not from the client', async () => {
    const { a, id } = await directPair();
    const response = await upload(
      a,
      id,
      { filename: 'v.wav', bytes: wav(4000) },
      { duration_ms: '999' },
    );
    expect(response.json()).toMatchObject({
      kind: 'voice',
      mime_type: 'audio/wav',
      duration_ms: 4000,
    });
    const recorded = await upload(a, id, { filename: 'v.webm', bytes: webm(6500) });
    expect(recorded.json()).toMatchObject({ mime_type: 'audio/webm', duration_ms: 6500 });
  });

  it('refuses one longer than two minutes, by its own length or (if it does not say) the client’s', async () => {
    const { a, id } = await directPair();
    expectError(
      await upload(a, id, { filename: 'long.wav', bytes: wav(150_000) }),
      400,
      'VOICE_NOTE_TOO_LONG',
    );
    const silent = webm(-1); // no blocks: the file does not tell its length
    expectError(
      await upload(a, id, { filename: 'long.webm', bytes: silent }, { duration_ms: '130000' }),
      400,
      'VOICE_NOTE_TOO_LONG',
    );
    const fine = await upload(
      a,
      id,
      { filename: 'ok.webm', bytes: silent },
      { duration_ms: '30000' },
    );
    expect(fine.json()).toMatchObject({ duration_ms: 30000 });
    expectError(
      await upload(a, id, { filename: 'x.webm', bytes: silent }, { duration_ms: 'soon' }),
      400,
      'VALIDATION_ERROR',
    );
  });

  it('allows ten a minute; the eleventh is 429 RATE_LIMITED', async () => {
    const { a, id } = await directPair();
    for (let i = 0; i < 10; i++) {
      expect((await upload(a, id, { filename: `v${i}.wav`, bytes: wav(200) })).statusCode).toBe(
        201,
      );
    }
    const eleventh = await upload(a, id, { filename: 'v.wav', bytes: wav(200) });
    expectError(eleventh, 429, 'RATE_LIMITED');
    expect(eleventh.headers['retry-after']).toBeDefined();
    // Pictures are not voice notes: still fine.
    expect((await upload(a, id, { filename: 'p.png', bytes: tinyPng })).statusCode).toBe(201);
  });
});

describe('refused uploads', () => {
  it.each([
    ['a PDF renamed .png', 'photo.png', pdfBytes, 201],
    ['a text file renamed .png', 'photo.png', Buffer.from('just some words'), 400],
    ['an EXE renamed .jpg', 'setup.jpg', exeBytes, 400],
    ['HTML', 'page.html', Buffer.from('<!doctype html><script>alert(1)</script>'), 400],
    ['SVG', 'logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 400],
  ])('types by content: %s', async (_name, filename, bytes, status) => {
    const { a, id } = await directPair();
    const response = await upload(a, id, { filename, bytes, type: 'image/png' });
    if (status === 201) {
      // The content decides: a PDF is a document, whatever it is called.
      expect(response.json()).toMatchObject({
        kind: 'file',
        mime_type: 'application/pdf',
        name: 'photo.pdf',
      });
    } else expectError(response, 400, 'INVALID_FILE_TYPE');
  });

  it('refuses an empty file, a missing file field and a file over 10 MB', async () => {
    const { a, id } = await directPair();
    expectError(
      await upload(a, id, { filename: 'e.png', bytes: Buffer.alloc(0) }),
      400,
      'FILE_EMPTY',
    );
    expectError(await upload(a, id, null, { duration_ms: '100' }), 400, 'VALIDATION_ERROR');
    const wrongField = multipartForm([{ field: 'picture', filename: 'p.png', bytes: tinyPng }]);
    expectError(
      await postForm(t.app, a, `/conversations/${id}/attachments`, wrongField),
      400,
      'VALIDATION_ERROR',
    );
    const big = Buffer.concat([tinyPng, Buffer.alloc(limits.attachmentMaxBytes)]);
    expectError(await upload(a, id, { filename: 'big.png', bytes: big }), 413, 'PAYLOAD_TOO_LARGE');
    // Just under the limit is fine (the app-wide avatar limit does not apply here).
    const under = Buffer.concat([
      tinyPng,
      Buffer.alloc(limits.attachmentMaxBytes - tinyPng.length),
    ]);
    expect((await upload(a, id, { filename: 'ok.png', bytes: under })).statusCode).toBe(201);
  });

  it('refuses a JSON body', async () => {
    const { a, id } = await directPair();
    const response = await api(a, 'POST', `/conversations/${id}/attachments`, { file: 'x' });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(errorBodySchema.safeParse(response.json()).success).toBe(true);
  });

  it('keeps listening chats text only', async () => {
    const { sharer, chatId } = await storedListeningChat(t.app);
    expectError(
      await upload(sharer, chatId, { filename: 'p.png', bytes: tinyPng }),
      400,
      'ATTACHMENTS_NOT_ALLOWED',
    );
  });

  it('answers 404 to someone outside the conversation, and 403 USER_BLOCKED across a block', async () => {
    const { a, b, id } = await directPair();
    const stranger = await signUp(t.app);
    expectError(
      await upload(stranger, id, { filename: 'p.png', bytes: tinyPng }),
      404,
      'CONVERSATION_NOT_FOUND',
    );
    expectError(
      await upload(a, randomUUID(), { filename: 'p.png', bytes: tinyPng }),
      404,
      'CONVERSATION_NOT_FOUND',
    );
    await storeBlock(t.app, b.id, a.id);
    expectError(await upload(a, id, { filename: 'p.png', bytes: tinyPng }), 403, 'USER_BLOCKED');
  });
});

describe('who may download', () => {
  async function sentPicture() {
    const pair = await directPair();
    const attachment = (
      await upload(pair.a, pair.id, { filename: 'p.png', bytes: tinyPng })
    ).json();
    const sent = await api(pair.a, 'POST', `/conversations/${pair.id}/messages`, {
      attachment_id: attachment.id,
    });
    return { ...pair, attachment, message: sent.json().message };
  }

  it('is 404 for anyone outside the conversation, as for an id that does not exist', async () => {
    const { attachment } = await sentPicture();
    const stranger = await signUp(t.app);
    expectError(await download(stranger, attachment.id), 404, 'NOT_FOUND');
    expectError(await download(stranger, randomUUID()), 404, 'NOT_FOUND');
    expect((await download(null, attachment.id)).statusCode).toBe(401);
    expectError(await download(stranger, 'not-a-uuid'), 400, 'VALIDATION_ERROR');
  });

  it('is the uploader only until the file is sent', async () => {
    const { a, b, id } = await directPair();
    const attachment = (await upload(a, id, { filename: 'p.png', bytes: tinyPng })).json();
    expect((await download(a, attachment.id)).statusCode).toBe(200);
    expectError(await download(b, attachment.id), 404, 'NOT_FOUND');
  });

  it('is nobody once its message is deleted, and the message shows no attachment', async () => {
    const { a, b, id, attachment, message } = await sentPicture();
    const aSocket = await t.connect(a);
    const deleted = await emitAck<{ message: { attachment: unknown } }>(aSocket, 'delete_message', {
      session_id: id,
      message_id: message.id,
    });
    expect(deleted).toMatchObject({ success: true, message: { attachment: null, content: '' } });
    expectError(await download(b, attachment.id), 404, 'NOT_FOUND');
    expectError(await download(a, attachment.id), 404, 'NOT_FOUND');
  });

  it('is nobody once moderators removed its message', async () => {
    const { b, id, attachment, message } = await sentPicture();
    await t.app.database.db
      .update(messages)
      .set({ moderationStatus: 'removed' })
      .where(eq(messages.id, message.id));
    expectError(await download(b, attachment.id), 404, 'NOT_FOUND');
    const history = await api(b, 'GET', `/chat/sessions/${id}/messages`);
    expect(history.json().messages.at(-1)).toMatchObject({ removed: true, attachment: null });
  });
});

describe('send_message with an attachment', () => {
  it('refuses an attachment from another conversation or another member, and one already sent', async () => {
    const { a, b, id } = await directPair();
    const other = await directPair();
    const elsewhere = (
      await upload(other.a, other.id, { filename: 'p.png', bytes: tinyPng })
    ).json();
    const fromB = (await upload(b, id, { filename: 'p.png', bytes: tinyPng })).json();
    const socket = await t.connect(a);

    for (const attachmentId of [elsewhere.id, fromB.id, randomUUID()]) {
      expect(
        await emitAck(socket, 'send_message', {
          session_id: id,
          content: 'hi',
          attachment_id: attachmentId,
        }),
      ).toMatchObject({ success: false, code: 'NOT_FOUND' });
    }

    const mine = (await upload(a, id, { filename: 'p.png', bytes: tinyPng })).json();
    const clientMsgId = randomUUID();
    const first = await emitAck<{ message: { id: string } }>(socket, 'send_message', {
      session_id: id,
      content: '',
      attachment_id: mine.id,
      client_msg_id: clientMsgId,
    });
    expect(first).toMatchObject({
      success: true,
      message: { kind: 'image', attachment: { id: mine.id } },
    });
    // A retry of the same message is answered with the stored one, not refused.
    const retry = await emitAck(socket, 'send_message', {
      session_id: id,
      content: '',
      attachment_id: mine.id,
      client_msg_id: clientMsgId,
    });
    expect(retry).toMatchObject({
      success: true,
      message: { id: (first as { message: { id: string } }).message.id },
    });
    // A second message with the same file is refused.
    expect(
      await emitAck(socket, 'send_message', {
        session_id: id,
        content: 'again',
        attachment_id: mine.id,
        client_msg_id: randomUUID(),
      }),
    ).toMatchObject({
      success: false,
      code: 'VALIDATION_ERROR',
      details: [{ path: 'attachment_id' }],
    });
  });

  it('still needs text without an attachment', async () => {
    const { a, id } = await directPair();
    const socket = await t.connect(a);
    expect(await emitAck(socket, 'send_message', { session_id: id, content: '   ' })).toMatchObject(
      {
        success: false,
        code: 'VALIDATION_ERROR',
        details: [{ path: 'content', message: 'Write a message first' }],
      },
    );
    expect(
      await emitAck(socket, 'send_message', { session_id: id, attachment_id: 'nope' }),
    ).toMatchObject({
      success: false,
      code: 'VALIDATION_ERROR',
    });
  });
});
