import { randomUUID } from 'node:crypto';
import { access, utimes } from 'node:fs/promises';
import path from 'node:path';
import { errorBodySchema } from '@kindred/protocol';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { postForm, type SignedInUser, signInAgain, signUp } from '../../../test/factories';
import { jpegHeader, wav } from '../../../test/media';
import { multipartFile, multipartForm, pdfBytes, tinyPng } from '../../../test/multipart';
import { storeListeningChat } from '../../../test/rows';
import { storedDirectChat } from '../../../test/scenarios';
import { emitAck } from '../../../test/sockets';
import { attachments } from '../../db/schema';
import { ManualClock } from '../../lib/clock';
import { attachmentStore } from './attachment-files';

const clock = new ManualClock();
const t = useTestApp({
  clock,
  env: { RATE_LIMIT_UPLOADS_PER_MIN: '6', UPLOAD_QUOTA_MB: '1' },
});
const { api } = t;
const HOUR = 3600 * 1000;

function upload(user: SignedInUser, conversationId: string, bytes: Buffer, filename = 'p.png') {
  return postForm(
    t.app,
    user,
    `/conversations/${conversationId}/attachments`,
    multipartForm([{ field: 'file', filename, bytes }]),
  );
}

/** An upload that must succeed; its id and the name of its file on disk. */
async function uploaded(user: SignedInUser, conversationId: string, bytes = tinyPng) {
  const response = await upload(user, conversationId, bytes);
  expect(response.statusCode).toBe(201);
  const id = response.json().id as string;
  const [row] = await t.app.database.db.select().from(attachments).where(eq(attachments.id, id));
  return { id, file: row!.storageName };
}

async function send(user: SignedInUser, conversationId: string, attachmentId: string) {
  const response = await api(user, 'POST', `/conversations/${conversationId}/messages`, {
    content: '',
    attachment_id: attachmentId,
  });
  expect(response.statusCode).toBe(201);
  return response.json().message as { id: string };
}

const folder = () => path.join(t.config.dataDir, 'uploads', 'attachments');
const onDisk = (file: string) =>
  access(path.join(folder(), file)).then(
    () => true,
    () => false,
  );
const rowExists = async (id: string) =>
  (await t.app.database.db.select().from(attachments).where(eq(attachments.id, id))).length > 0;

/** A sender and receiver in a direct chat, with one picture sent and one more still unsent. */
async function chatWithFiles() {
  const { a, b, id } = await storedDirectChat(t.app);
  const sent = await uploaded(a, id);
  const message = await send(a, id, sent.id);
  return { a, b, id, sent, message };
}

describe('files go with what owns them', () => {
  it('deleting the message deletes its file at once', async () => {
    const { a, b, id, sent, message } = await chatWithFiles();
    expect(await onDisk(sent.file)).toBe(true);
    const socket = await t.connect(a);
    const ack = await emitAck(socket, 'delete_message', { session_id: id, message_id: message.id });
    expect(ack).toMatchObject({ success: true });
    expect(await onDisk(sent.file)).toBe(false);
    expect(await rowExists(sent.id)).toBe(false);
    // The partner's history still holds the (deleted) message, without a file.
    const history = (await api(b, 'GET', `/chat/sessions/${id}/messages`)).json();
    expect(history.messages.at(-1)).toMatchObject({ id: message.id, attachment: null });
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/attachments/${sent.id}`,
          headers: b.headers,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('a moderator removing the message deletes its file', async () => {
    const { a, b, id, sent, message } = await chatWithFiles();
    const admin = await signUp(t.app, { isAdmin: true });
    const report = await api(b, 'POST', '/reports', {
      reported_user_id: a.id,
      chat_session_id: id,
      message_id: message.id,
      reason: 'inappropriate',
      description: 'An unkind picture',
    });
    expect(report.statusCode).toBe(201);
    const acted = await api(
      admin,
      'POST',
      `/admin/moderation/report/${report.json().report_id}/actions`,
      { action: 'remove_message' },
    );
    expect(acted.statusCode).toBe(200);
    expect(await onDisk(sent.file)).toBe(false);
    expect(await rowExists(sent.id)).toBe(false);
  });

  it('deleting the account deletes every file it uploaded, sent or not; the partner keeps theirs', async () => {
    const { a, b, id, sent } = await chatWithFiles();
    const unsent = await uploaded(a, id);
    const partners = await uploaded(b, id);
    await send(b, id, partners.id);
    const deleted = await api(a, 'DELETE', '/users/me', { password: 'Correct-Horse-9' });
    expect(deleted.statusCode).toBe(200);
    expect(await onDisk(sent.file)).toBe(false);
    expect(await onDisk(unsent.file)).toBe(false);
    expect(await rowExists(sent.id)).toBe(false);
    expect(await onDisk(partners.file)).toBe(true);
    const history = (await api(b, 'GET', `/chat/sessions/${id}/messages`)).json();
    expect(history.messages.map((m: { attachment: unknown }) => m.attachment)).toEqual([
      null,
      expect.objectContaining({ id: partners.id }),
    ]);
  });

  it('a conversation that expires takes its files with it', async () => {
    const sharer = await signUp(t.app);
    const listener = await signUp(t.app, { roles: ['listener'] });
    const chat = await storeListeningChat(t.app, sharer.id, listener.id);
    // Listening chats are text only today; a file stored in one the way an upload stores it.
    const file = await attachmentStore(t.config.dataDir).save(tinyPng, 'image/png');
    const [row] = await t.app.database.db
      .insert(attachments)
      .values({
        conversationId: chat.id,
        uploaderId: sharer.id,
        kind: 'image',
        mimeType: 'image/png',
        sizeBytes: tinyPng.length,
        originalName: 'p.png',
        storageName: file,
        sentAt: clock.now(),
      })
      .returning();
    expect(await t.app.sweepExpired(new Date(clock.now().getTime() + HOUR))).toMatchObject({
      conversations: 0,
    });
    expect(await onDisk(file)).toBe(true);
    await t.app.sweepExpired(new Date(clock.now().getTime() + 25 * HOUR));
    expect(await onDisk(file)).toBe(false);
    expect(await rowExists(row!.id)).toBe(false);
  });

  it('an upload never sent is deleted after an hour; sent ones and newer ones stay', async () => {
    const { a, id, sent } = await chatWithFiles();
    const unsent = await uploaded(a, id);
    clock.advance(59 * 60 * 1000);
    await signInAgain(t.app, a);
    const fresh = await uploaded(a, id);
    await t.app.cleanUpUploads();
    expect(await onDisk(unsent.file)).toBe(true);
    clock.advance(2 * 60 * 1000);
    await signInAgain(t.app, a);
    await t.app.cleanUpUploads();
    expect(await onDisk(unsent.file)).toBe(false);
    expect(await rowExists(unsent.id)).toBe(false);
    expect(await onDisk(sent.file)).toBe(true);
    expect(await onDisk(fresh.file)).toBe(true);
    // Its id no longer sends anything.
    const late = await api(a, 'POST', `/conversations/${id}/messages`, {
      content: '',
      attachment_id: unsent.id,
    });
    expect(late.statusCode).toBe(404);
  });

  it('a file left without its row (a crash mid-upload) is removed once it is an hour old', async () => {
    const store = attachmentStore(t.config.dataDir);
    const stray = await store.save(tinyPng, 'image/png');
    const young = await store.save(tinyPng, 'image/png');
    const { a, id, sent } = await chatWithFiles();
    const past = new Date(clock.now().getTime() - 2 * HOUR);
    await utimes(path.join(folder(), stray), past, past);
    await utimes(path.join(folder(), sent.file), past, past);
    const recent = new Date(clock.now().getTime() - HOUR / 2);
    await utimes(path.join(folder(), young), recent, recent);
    expect(await t.app.cleanUpUploads()).toMatchObject({ strays: 1 });
    expect(await onDisk(stray)).toBe(false);
    expect(await onDisk(young)).toBe(true);
    expect(await onDisk(sent.file)).toBe(true);
    expect((await upload(a, id, tinyPng)).statusCode).toBe(201);
  });
});

describe('upload limits', () => {
  it('counts every kind of upload against one rate per user (6 a minute here): 429 RATE_LIMITED', async () => {
    const { a, b, id } = await storedDirectChat(t.app);
    const kinds: [string, Buffer][] = [
      ['p.png', tinyPng],
      ['d.pdf', pdfBytes],
      ['v.wav', wav(200)],
      ['j.jpg', jpegHeader(10, 10)],
      ['p2.png', tinyPng],
    ];
    for (const [name, bytes] of kinds)
      expect((await upload(a, id, bytes, name)).statusCode).toBe(201);
    // A profile picture is an upload too.
    const avatar = await postForm(
      t.app,
      a,
      '/users/me/avatar',
      multipartFile({ filename: 'me.png', contentType: 'image/png', bytes: tinyPng }),
    );
    expect(avatar.statusCode).toBe(200);
    const seventh = await upload(a, id, pdfBytes, 'again.pdf');
    expect(seventh.statusCode).toBe(429);
    expect(seventh.json()).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    expect(Number(seventh.headers['retry-after'])).toBeGreaterThan(0);
    // Someone else is not held back.
    expect((await upload(b, id, tinyPng)).statusCode).toBe(201);
  });

  it('holds a user to their storage quota (1 MB here) with 413 STORAGE_QUOTA_EXCEEDED; deleting frees it', async () => {
    const { a, b, id } = await storedDirectChat(t.app);
    const big = () =>
      Buffer.concat([tinyPng, Buffer.alloc(600 * 1024, randomUUID().charCodeAt(0))]);
    const first = await uploaded(a, id, big());
    const message = await send(a, id, first.id);
    const refused = await upload(a, id, big());
    expect(refused.statusCode).toBe(413);
    expect(errorBodySchema.parse(refused.json())).toMatchObject({
      code: 'STORAGE_QUOTA_EXCEEDED',
      error: expect.stringMatching(/1 MB/),
    });
    // The partner has a quota of their own.
    expect((await upload(b, id, big())).statusCode).toBe(201);
    const socket = await t.connect(a);
    await emitAck(socket, 'delete_message', { session_id: id, message_id: message.id });
    expect((await upload(a, id, big())).statusCode).toBe(201);
  });
});
