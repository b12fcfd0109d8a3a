import { randomUUID } from 'node:crypto';
import {
  type Conversation,
  debriefResponseSchema,
  type WellbeingItem,
  wellbeingItemResponseSchema,
  wellbeingListSchema,
} from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { approvalOffNoStaleCheck, useTestApp } from '../../../test/app';
import { expectCode, expectEachRefused } from '../../../test/expect';
import { type SignedInUser, signUp } from '../../../test/factories';
import { findUser } from '../../../test/rows';
import { listeningChat, say, storedDirectChat } from '../../../test/scenarios';
import { collect, emitAck, nextEvent, sleep } from '../../../test/sockets';
import { ManualClock } from '../../lib/clock';

const clock = new ManualClock();
const t = useTestApp({ clock, env: approvalOffNoStaleCheck });
const { api } = t;

async function queue(admin: SignedInUser, query = '') {
  const response = await api(admin, 'GET', `/admin/wellbeing${query}`);
  expect(response.statusCode).toBe(200);
  return wellbeingListSchema.strict().parse(response.json());
}

async function itemAction(admin: SignedInUser, id: string, action: string, body?: object) {
  const response = await api(admin, 'POST', `/admin/wellbeing/${id}/${action}`, body);
  expect(response.statusCode, response.body).toBe(200);
  return wellbeingItemResponseSchema.parse(response.json()).item;
}

const mine = (items: WellbeingItem[], chatId: string) =>
  items.filter((item) => item.session_id === chatId);

describe('the wellbeing queue', () => {
  it('self-harm wording goes to the wellbeing queue, live to team members, not to moderation', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const adminSocket = await t.connect(admin);
    const { sharer, chatId } = await listeningChat(t.app);
    const alerted = nextEvent(adminSocket, 'safety_alert', (item) => item.session_id === chatId);

    const sent = await say(t.app, sharer, chatId, "I've been stockpiling my pills");
    expect(sent.crisis_support).toBeDefined();

    const alert = await alerted;
    expect(alert).toMatchObject({
      severity: 2,
      category: 'self_harm',
      rule: 'means at hand',
      source: 'flag',
      message_id: sent.message.id,
      user_id: sharer.id,
      flagged_text: "I've been stockpiling my pills",
      state: 'open',
      acknowledged_by: null,
    });
    expect(mine((await queue(admin)).items, chatId)).toEqual([alert]);
    const moderation = (await api(admin, 'GET', '/admin/moderation?limit=100')).json();
    expect(moderation.items.filter((i: { session_id: string }) => i.session_id === chatId)).toEqual(
      [],
    );
  });

  it("the listener's own risky wording counts too", async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const { listener, chatId } = await listeningChat(t.app);
    await say(t.app, listener, chatId, 'honestly everyone would be better off without me');
    const [item] = mine((await queue(admin)).items, chatId);
    expect(item).toMatchObject({ user_id: listener.id, category: 'self_harm' });
  });

  it('escalations come first; acknowledge, check-in, note and close, each in the audit log', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const { sharer, listener, chatId } = await listeningChat(t.app);
    const sharerSocket = await t.connect(sharer);
    await say(t.app, sharer, chatId, 'this is goodbye');
    clock.advance(1000);
    const escalated = await api(listener, 'POST', `/chat/sessions/${chatId}/escalate`, {});
    expect(escalated.statusCode).toBe(201);
    const again = await api(listener, 'POST', `/chat/sessions/${chatId}/escalate`);
    expect(again.json().item_id).toBe(escalated.json().item_id);

    const items = mine((await queue(admin)).items, chatId);
    expect(items.map((i) => [i.source, i.severity])).toEqual([
      ['escalation', 3],
      ['flag', 2],
    ]);
    const urgent = items[0]!;
    expect(urgent).toMatchObject({
      user_id: sharer.id,
      raised_by: listener.id,
      flagged_text: 'this is goodbye',
    });

    const acknowledged = await itemAction(admin, urgent.id, 'acknowledge');
    expect(acknowledged).toMatchObject({ state: 'acknowledged', acknowledged_by: admin.id });
    expect(acknowledged.acknowledged_at).not.toBeNull();

    const checkIn = nextEvent(sharerSocket, 'wellbeing_check_in');
    await itemAction(admin, urgent.id, 'check-in', {
      text: 'Hi, this is the Kindred team. We are here if you need us.',
      resource_url: 'https://findahelpline.com',
    });
    expect(await checkIn).toMatchObject({
      item_id: urgent.id,
      session_id: chatId,
      text: 'Hi, this is the Kindred team. We are here if you need us.',
      resource_url: 'https://findahelpline.com',
    });
    await itemAction(admin, urgent.id, 'note', { text: 'Sharer replied, feeling safer.' });
    const closed = await itemAction(admin, urgent.id, 'close', { text: 'Resolved' });
    expect(closed.state).toBe('closed');
    expect(closed.actions.map((a) => a.kind)).toEqual(['resource', 'note', 'note']);
    expect(mine((await queue(admin)).items, chatId).map((i) => i.id)).not.toContain(urgent.id);
    expect(mine((await queue(admin, '?state=closed')).items, chatId)[0]?.id).toBe(urgent.id);

    const logs = (await api(admin, 'GET', `/admin/logs?target_id=${urgent.id}`)).json().logs;
    expect(logs.map((l: { action: string }) => l.action).sort()).toEqual([
      'wellbeing_acknowledge',
      'wellbeing_close',
      'wellbeing_note',
      'wellbeing_resource',
    ]);
    expectCode(
      await api(admin, 'POST', `/admin/wellbeing/${urgent.id}/close`),
      409,
      'WELLBEING_ITEM_CLOSED',
    );
    expectCode(
      await api(admin, 'POST', `/admin/wellbeing/${urgent.id}/acknowledge`),
      409,
      'WELLBEING_ITEM_CLOSED',
    );
  });

  it('pages with a cursor in queue order', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    for (let i = 0; i < 3; i += 1) {
      const { sharer, chatId } = await listeningChat(t.app);
      await say(t.app, sharer, chatId, 'i have a plan');
      clock.advance(1000);
    }
    const all = (await queue(admin, '?limit=100')).items.map((i) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await queue(admin, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('refuses non-team members, strangers, bad ids and bad bodies', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const stranger = await signUp(t.app);
    const { sharer, chatId } = await listeningChat(t.app);
    await say(t.app, sharer, chatId, 'i wrote a goodbye note');
    const [item] = mine((await queue(admin)).items, chatId);

    expectCode(await api(sharer, 'GET', '/admin/wellbeing'), 403, 'ADMIN_REQUIRED');
    expectCode(
      await api(sharer, 'POST', `/admin/wellbeing/${item!.id}/acknowledge`),
      403,
      'ADMIN_REQUIRED',
    );
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/wellbeing' })).statusCode).toBe(
      401,
    );

    // A stranger gets the core's one answer for a chat that is not theirs, as for one that is not;
    // only listening chats can be escalated.
    const direct = await storedDirectChat(t.app);
    await expectEachRefused(404, 'CONVERSATION_NOT_FOUND', [
      () => api(stranger, 'POST', `/chat/sessions/${chatId}/escalate`),
      () => api(stranger, 'POST', `/chat/sessions/${randomUUID()}/escalate`),
      () => api(direct.a, 'POST', `/chat/sessions/${direct.id}/escalate`),
    ]);
    expectCode(
      await api(admin, 'POST', `/admin/wellbeing/${randomUUID()}/acknowledge`),
      404,
      'NOT_FOUND',
    );
    const checkIn = `/admin/wellbeing/${item!.id}/check-in`;
    await expectEachRefused(400, 'VALIDATION_ERROR', [
      () => api(stranger, 'POST', '/chat/sessions/nope/escalate'),
      () => api(sharer, 'POST', `/chat/sessions/${chatId}/escalate`, { note: 'x'.repeat(501) }),
      () => api(sharer, 'POST', `/chat/sessions/${chatId}/escalate`, { urgent: true }),
      () => api(admin, 'POST', '/admin/wellbeing/nope/acknowledge'),
      () => api(admin, 'POST', checkIn, { text: '' }),
      () => api(admin, 'POST', checkIn, { text: 'hi', resource_url: 'javascript:alert(1)' }),
      () => api(admin, 'POST', `/admin/wellbeing/${item!.id}/note`, {}),
      () => api(admin, 'GET', '/admin/wellbeing?cursor=bm9wZQ'),
      () => api(admin, 'GET', '/admin/wellbeing?state=maybe'),
    ]);
  });
});

/** The chat as a member's device sees it when it joins (what a reload shows). */
async function joined(user: SignedInUser, chatId: string): Promise<Conversation> {
  const ack = await emitAck<{ conversation: Conversation }>(await t.connect(user), 'join_chat', {
    session_id: chatId,
  });
  if (!ack.success) throw new Error(ack.error);
  return ack.conversation;
}

describe("the listener's guidance", () => {
  it("reaches the listener alone, at once, when the sharer's words suggest risk", async () => {
    const { sharer, listener, chatId } = await listeningChat(t.app);
    const stranger = await signUp(t.app);
    const sharerSocket = await t.connect(sharer);
    const listenerSocket = await t.connect(listener);
    const strangerSocket = await t.connect(stranger);
    const toSharer = collect(sharerSocket, 'safety_guidance');
    const toStranger = collect(strangerSocket, 'safety_guidance');
    const guided = nextEvent(
      listenerSocket,
      'safety_guidance',
      (g) => g.session_id === chatId,
      1000,
    );

    const sent = await say(t.app, sharer, chatId, "I don't want to be alive anymore");
    expect(await guided).toEqual({
      session_id: chatId,
      message_id: sent.message.id,
      category: 'self_harm',
      from: 'sharer',
    });
    await sleep(200);
    expect(toSharer).toEqual([]);
    expect(toStranger).toEqual([]);

    // After a reload, each still knows what they may: the sharer of their own words, the listener.
    expect((await joined(sharer, chatId)).safety_flagged).toBe(true);
    expect((await joined(listener, chatId)).safety_flagged).toBe(true);
  });

  it("counts the listener's own wording, and never tells the sharer of it", async () => {
    const { sharer, listener, chatId } = await listeningChat(t.app);
    const sharerSocket = await t.connect(sharer);
    const listenerSocket = await t.connect(listener);
    const toSharer = collect(sharerSocket, 'safety_guidance');
    const guided = nextEvent(listenerSocket, 'safety_guidance', (g) => g.session_id === chatId);

    await say(t.app, listener, chatId, 'honestly everyone would be better off without me');
    expect(await guided).toMatchObject({ session_id: chatId, from: 'listener' });
    await sleep(200);
    expect(toSharer).toEqual([]);
    expect((await joined(sharer, chatId)).safety_flagged).toBe(false);
    expect((await joined(listener, chatId)).safety_flagged).toBe(true);
  });

  it('stays quiet for ordinary words and distress that is not self-harm', async () => {
    const { sharer, listener, chatId } = await listeningChat(t.app);
    const toListener = collect(await t.connect(listener), 'safety_guidance');
    await say(t.app, sharer, chatId, 'work has been a lot this week');
    await sleep(200);
    expect(toListener).toEqual([]);
    expect((await joined(listener, chatId)).safety_flagged).toBe(false);
  });
});

describe("a listener's debrief note", () => {
  async function flaggedAndEnded() {
    const chat = await listeningChat(t.app);
    await say(t.app, chat.sharer, chat.chatId, 'i have a plan to end it');
    expect((await api(chat.sharer, 'POST', `/chat/sessions/${chat.chatId}/end`)).statusCode).toBe(
      200,
    );
    return chat;
  }
  const debrief = (
    user: SignedInUser,
    chatId: string,
    method: 'GET' | 'PUT' = 'GET',
    body?: object,
  ) => api(user, method, `/chat/sessions/${chatId}/debrief`, body);

  it('is kept for its writer, replaced when written again, and shown to the team on the item', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const { listener, chatId } = await flaggedAndEnded();
    expect(debriefResponseSchema.parse((await debrief(listener, chatId)).json())).toEqual({
      debrief: null,
    });

    const first = await debrief(listener, chatId, 'PUT', { text: 'Heavy. Talked to my mentor.' });
    expect(first.statusCode, first.body).toBe(200);
    clock.advance(1000);
    await debrief(listener, chatId, 'PUT', { text: '  Feeling steadier now.  ' });
    const read = debriefResponseSchema.parse((await debrief(listener, chatId)).json());
    expect(read.debrief?.text).toBe('Feeling steadier now.');

    const [item] = mine((await queue(admin)).items, chatId);
    expect(item!.actions.filter((a) => a.kind === 'debrief')).toEqual([
      expect.objectContaining({ body: 'Feeling steadier now.', admin_id: listener.id }),
    ]);
  });

  it('refuses the sharer, strangers, an open or unflagged chat, and empty or long notes', async () => {
    const { sharer, listener, chatId } = await flaggedAndEnded();
    const stranger = await signUp(t.app);
    const note = { text: 'A note' };
    expectCode(await debrief(sharer, chatId, 'PUT', note), 403, 'FORBIDDEN');
    expectCode(await debrief(sharer, chatId), 403, 'FORBIDDEN');
    expectCode(await debrief(stranger, chatId, 'PUT', note), 404, 'CONVERSATION_NOT_FOUND');
    expectCode(await debrief(stranger, randomUUID()), 404, 'CONVERSATION_NOT_FOUND');
    expectCode(await debrief(listener, 'nope'), 400, 'VALIDATION_ERROR');
    expectCode(await debrief(listener, chatId, 'PUT', { text: '   ' }), 400, 'VALIDATION_ERROR');
    expectCode(
      await debrief(listener, chatId, 'PUT', { text: 'x'.repeat(2001) }),
      400,
      'VALIDATION_ERROR',
    );
    expectCode(await debrief(listener, chatId, 'PUT', {}), 400, 'VALIDATION_ERROR');

    const open = await listeningChat(t.app);
    await say(t.app, open.sharer, open.chatId, 'i have a plan to end it');
    expectCode(await debrief(open.listener, open.chatId, 'PUT', note), 409, 'DEBRIEF_NOT_OFFERED');
    const calm = await listeningChat(t.app);
    await api(calm.sharer, 'POST', `/chat/sessions/${calm.chatId}/end`);
    expectCode(await debrief(calm.listener, calm.chatId, 'PUT', note), 409, 'DEBRIEF_NOT_OFFERED');
  });
});

describe('a listener pause', () => {
  it('makes the listener unavailable for the chosen time, then available again', async () => {
    const { listener } = await listeningChat(t.app);
    const paused = await api(listener, 'POST', '/listeners/me/pause', { minutes: 15 });
    expect(paused.statusCode).toBe(200);
    expect(new Date(paused.json().paused_until).getTime()).toBe(
      clock.now().getTime() + 15 * 60_000,
    );
    expect((await findUser(t.app, listener.id))?.listenerPausedUntil).not.toBeNull();
  });

  it('refuses sharers and bad durations', async () => {
    const sharer = await signUp(t.app);
    const { listener } = await listeningChat(t.app);
    expectCode(await api(sharer, 'POST', '/listeners/me/pause', { minutes: 15 }), 403, 'FORBIDDEN');
    expectCode(
      await api(listener, 'POST', '/listeners/me/pause', { minutes: 1 }),
      400,
      'VALIDATION_ERROR',
    );
    expectCode(
      await api(listener, 'POST', '/listeners/me/pause', { minutes: '15' }),
      400,
      'VALIDATION_ERROR',
    );
  });
});
