import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app';
import { createConversation, signUp } from '../../../test/factories';
import { ManualClock } from '../../lib/clock';
import { sweepExpired } from './sweeper';

const HOUR = 3600 * 1000;
let t: TestApp;
const clock = new ManualClock(new Date('2026-11-20T10:00:00Z'));
beforeAll(async () => {
  t = await buildTestApp({ clock });
});
afterAll(async () => t?.close());

describe('24-hour privacy of listening chats', () => {
  it('hides a listening chat after 24 hours and the sweeper deletes it and its messages', async () => {
    const sharer = await signUp(t.app);
    const listener = await signUp(t.app, { roles: ['listener'] });
    const chat = await createConversation(t.app, {
      members: [{ id: sharer.id }, { id: listener.id }],
      startedAt: clock.now(),
    });
    const post = await t.app.inject({
      method: 'POST',
      url: `/api/v1/chat/sessions/${chat.id}/messages`,
      headers: sharer.headers,
      payload: { content: 'Something private' },
    });
    expect(post.statusCode).toBe(201);

    clock.advance(23 * HOUR);
    expect(await sweepExpired(t.app.database.db, clock.now())).toEqual({
      conversations: 0,
      messages: 0,
    });

    clock.advance(1 * HOUR + 1000);
    // A fresh sign-in: the clock moved past the first access token's 15 minutes too.
    const relogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: sharer.email, password: 'Correct-Horse-9' },
    });
    const headers = { authorization: `Bearer ${relogin.json().access_token}` };
    const hidden = await t.app.inject({
      method: 'GET',
      url: `/api/v1/chat/sessions/${chat.id}/messages`,
      headers,
    });
    expect(hidden.statusCode).toBe(404);

    expect(await sweepExpired(t.app.database.db, clock.now())).toEqual({
      conversations: 1,
      messages: 1,
    });
    expect(await t.app.database.db.query.messages.findMany()).toEqual([]);
  });

  it('keeps persistent conversations (no expiry) untouched', async () => {
    const x = await signUp(t.app);
    const y = await signUp(t.app);
    await createConversation(t.app, { kind: 'direct', members: [{ id: x.id }, { id: y.id }] });
    clock.advance(30 * 24 * HOUR);
    const swept = await sweepExpired(t.app.database.db, clock.now());
    expect(swept?.conversations).toBe(0);
  });
});
