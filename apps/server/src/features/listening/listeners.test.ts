import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { callApi, type SignedInUser, signUp } from '../../../test/factories';
import { setUser } from '../../../test/rows';
import { approvedListener, listeningChat } from '../../../test/scenarios';
import { connectAs, listen, nextEvent } from '../../../test/sockets';
import { adminLogs } from '../../db/schema';

const t = useTestApp();
const { api } = t;
let admin: SignedInUser;
beforeAll(async () => {
  admin = await signUp(t.app, { isAdmin: true });
});

const motivation = 'I have been through a hard year and want to be there for others.';
const apply = (user: SignedInUser, body: object = { accept_guidelines: true, motivation }) =>
  api(user, 'POST', '/listeners/apply', body);
const review = (userId: string, body: object, as = admin) =>
  api(as, 'PATCH', `/admin/listeners/${userId}`, body);
const logsFor = (targetId: string) =>
  t.app.database.db.select().from(adminLogs).where(eq(adminLogs.targetId, targetId));

/** A listener nobody has reviewed yet, with a topic only they have. */
async function unapprovedListener(topic: string) {
  const listener = await signUp(t.app, { roles: ['listener'], listenerStatus: 'none' });
  await setUser(t.app, listener.id, { listenerTopics: [topic] });
  return listener;
}

describe('GET /listeners/guidelines', () => {
  it('gives the guidelines with a version, covering crisis and contact details', async () => {
    const user = await signUp(t.app);
    const response = await api(user, 'GET', '/listeners/guidelines');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.version).toMatch(/\S/);
    const text = JSON.stringify(body.sections).toLowerCase();
    expect(text).toContain('crisis');
    expect(text).toContain('phone numbers');
    expect(text).toContain('medical');
  });

  it('needs a signed-in user', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/listeners/guidelines' });
    expect(response.statusCode).toBe(401);
  });
});

describe('applying to listen', () => {
  it('makes a sharer a pending listener, who cannot go available until approved', async () => {
    const sharer = await signUp(t.app);
    expect((await api(sharer, 'GET', '/listeners/application')).json()).toMatchObject({
      status: 'none',
      approval_required: true,
      can_listen: false,
    });

    const applied = await apply(sharer);
    expect(applied.statusCode).toBe(201);
    expect(applied.json()).toMatchObject({ status: 'pending', reason: null, can_listen: false });
    expect(applied.json().guidelines_accepted_at).not.toBeNull();
    const me = (await api(sharer, 'GET', '/users/me')).json();
    expect(me.roles).toEqual(['sharer', 'listener']);
    expect(me.listener_status).toBe('pending');

    const available = await api(sharer, 'PATCH', '/users/me/availability', {
      availability: 'available',
    });
    expectCode(available, 403, 'LISTENER_NOT_APPROVED');
    // Going unavailable is always allowed.
    const away = await api(sharer, 'PATCH', '/users/me/availability', {
      availability: 'unavailable',
    });
    expect(away.statusCode).toBe(200);
  });

  it('refuses without accepting the guidelines, without a motivation, or with a long one', async () => {
    const user = await signUp(t.app);
    const notAccepted = await apply(user, { accept_guidelines: false, motivation });
    expectCode(notAccepted, 400, 'GUIDELINES_NOT_ACCEPTED');
    for (const body of [
      { accept_guidelines: true, motivation: '   ' },
      { accept_guidelines: true, motivation: 'x'.repeat(1001) },
      { accept_guidelines: true },
      { motivation },
      { accept_guidelines: 'yes', motivation },
      { accept_guidelines: true, motivation, extra: 1 },
    ]) {
      const response = await apply(user, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json()).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    }
    expect((await api(user, 'GET', '/listeners/application')).json().status).toBe('none');
  });

  it('refuses applying again while pending or approved (409), allows it after a rejection', async () => {
    const user = await signUp(t.app);
    await apply(user);
    const again = await apply(user);
    expectCode(again, 409, 'APPLICATION_NOT_PENDING');

    expect(
      (await review(user.id, { action: 'reject', reason: 'Please tell us more' })).statusCode,
    ).toBe(200);
    expect((await api(user, 'GET', '/listeners/application')).json()).toMatchObject({
      status: 'rejected',
      reason: 'Please tell us more',
    });
    const reapplied = await apply(user);
    expect(reapplied.statusCode).toBe(201);
    expect(reapplied.json()).toMatchObject({ status: 'pending', reason: null });

    await review(user.id, { action: 'approve' });
    const approvedAgain = await apply(user);
    expect(approvedAgain.statusCode).toBe(409);
  });
});

describe('admin review', () => {
  it('lists pending applications with the motivation, oldest first, for admins only', async () => {
    const first = await signUp(t.app);
    const second = await signUp(t.app);
    await apply(first);
    await apply(second, { accept_guidelines: true, motivation: 'Second one' });
    const response = await api(admin, 'GET', '/admin/listeners?status=pending&limit=100');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const ids = body.listeners.map((l: { id: string }) => l.id);
    expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(body.listeners.find((l: { id: string }) => l.id === second.id)).toMatchObject({
      pseudonym: second.pseudonym,
      email: second.email,
      listener_status: 'pending',
      motivation: 'Second one',
    });
    expect(body).toMatchObject({ page: 1, total: expect.any(Number) });

    const notAdmin = await api(first, 'GET', '/admin/listeners');
    expectCode(notAdmin, 403, 'ADMIN_REQUIRED');
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/admin/listeners' });
    expect(anonymous.statusCode).toBe(401);
    for (const query of ['status=none', 'status=everyone', 'page=0', 'limit=1000', 'other=1']) {
      const bad = await api(admin, 'GET', `/admin/listeners?${query}`);
      expect(bad.statusCode, query).toBe(400);
    }
  });

  it('approves: the listener can go available, is found by matching and can be requested', async () => {
    const topic = `approval-${Date.now()}`;
    const listener = await unapprovedListener(topic);
    await apply(listener);
    const sharer = await signUp(t.app);

    const approved = await review(listener.id, { action: 'approve' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      id: listener.id,
      listener_status: 'approved',
      reviewed_by: { id: admin.id, pseudonym: admin.pseudonym },
    });
    expect((await api(listener, 'GET', '/listeners/application')).json()).toMatchObject({
      status: 'approved',
      can_listen: true,
    });
    // Only a listener with a live connection is offered.
    await t.connect(listener);
    const available = await api(listener, 'PATCH', '/users/me/availability', {
      availability: 'available',
    });
    expect(available.statusCode).toBe(200);
    const matches = (await api(sharer, 'POST', '/match/find-listeners', { topic })).json().matches;
    expect(matches.map((m: { id: string }) => m.id)).toEqual([listener.id]);

    const [log] = await logsFor(listener.id);
    expect(log).toMatchObject({
      adminId: admin.id,
      action: 'approve_listener',
      targetType: 'user',
      details: { from: 'pending', to: 'approved', motivation },
    });
  });

  it('keeps unapproved listeners out of matching and chat requests, even when marked available', async () => {
    const topic = `unapproved-${Date.now()}`;
    const listener = await unapprovedListener(topic);
    // As if they had been available before approval was required.
    await setUser(t.app, listener.id, { listenerAvailability: 'available' });
    const sharer = await signUp(t.app);
    const matches = (await api(sharer, 'POST', '/match/find-listeners', { topic })).json().matches;
    expect(matches).toEqual([]);
    const request = await api(sharer, 'POST', '/match/request-chat', { listener_id: listener.id });
    expectCode(request, 400, 'LISTENER_UNAVAILABLE');
    const available = await api(listener, 'PATCH', '/users/me/availability', {
      availability: 'available',
    });
    expect(available.json().code).toBe('LISTENER_NOT_APPROVED');
  });

  it('suspends with a reason (they go unavailable and vanish from matching), then reinstates', async () => {
    const topic = `suspend-${Date.now()}`;
    const listener = await approvedListener(t.app, {
      profile: { listenerTopics: [topic] },
      goesAvailable: true,
    });
    const sharer = await signUp(t.app);

    const noReason = await review(listener.id, { action: 'suspend' });
    expect(noReason.statusCode).toBe(400);
    const suspended = await review(listener.id, {
      action: 'suspend',
      reason: 'Shared contact details',
    });
    expect(suspended.json()).toMatchObject({
      listener_status: 'suspended',
      listener_availability: 'unavailable',
      reason: 'Shared contact details',
    });
    expect((await api(sharer, 'POST', '/match/find-listeners', { topic })).json().matches).toEqual(
      [],
    );
    expect((await api(listener, 'GET', '/listeners/application')).json()).toMatchObject({
      status: 'suspended',
      reason: 'Shared contact details',
    });
    const back = await api(listener, 'PATCH', '/users/me/availability', {
      availability: 'available',
    });
    expect(back.json().code).toBe('LISTENER_NOT_APPROVED');
    expect((await apply(listener)).statusCode).toBe(409);

    const reinstated = await review(listener.id, { action: 'reinstate' });
    expect(reinstated.json()).toMatchObject({ listener_status: 'approved', reason: null });
    expect(
      (await api(listener, 'PATCH', '/users/me/availability', { availability: 'available' }))
        .statusCode,
    ).toBe(200);
    const actions = (await logsFor(listener.id)).map((l) => l.action).sort();
    expect(actions).toEqual(['reinstate_listener', 'suspend_listener']);
  });

  it('ends the chats a suspended listener is listening in, and the sharer is told', async () => {
    const { listener, sharer, chatId } = await listeningChat(t.app, { goesAvailable: true });
    const sharerSocket = await t.connect(sharer);
    const ended = nextEvent(sharerSocket, 'chat_ended');

    const suspended = await review(listener.id, { action: 'suspend', reason: 'Unsafe advice' });
    expect(suspended.statusCode).toBe(200);
    expect(await ended).toMatchObject({ session_id: chatId });
    expect((await api(sharer, 'GET', '/chat/sessions/active')).json()).toEqual({
      session_id: null,
    });
  });

  it('refuses reviews that do not fit, bad bodies, bad ids, unknown users and non-admins', async () => {
    const user = await signUp(t.app);
    const approvePending = await review(user.id, { action: 'approve' });
    expectCode(approvePending, 409, 'APPLICATION_NOT_PENDING');
    await apply(user);
    for (const body of [
      { action: 'reject' },
      { action: 'reject', reason: '  ' },
      { action: 'suspend', reason: 'x'.repeat(501) },
      { action: 'delete' },
      {},
    ]) {
      const response = await review(user.id, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().code).toBe('VALIDATION_ERROR');
    }
    expect((await review(user.id, { action: 'suspend', reason: 'no' })).statusCode).toBe(409);
    expect((await review(user.id, { action: 'reinstate' })).statusCode).toBe(409);

    const badId = await review('not-a-uuid', { action: 'approve' });
    expect(badId.statusCode).toBe(400);
    const unknown = await review('00000000-0000-4000-8000-000000000000', { action: 'approve' });
    expect(unknown.statusCode).toBe(404);
    const notAdmin = await review(user.id, { action: 'approve' }, user);
    expectCode(notAdmin, 403, 'ADMIN_REQUIRED');
    expect((await api(user, 'GET', '/listeners/application')).json().status).toBe('pending');
  });
});

describe('LISTENER_APPROVAL=off', () => {
  it('lets every listener go available and be found, as before approval existed', async () => {
    const open = await buildTestApp({ env: { LISTENER_APPROVAL: 'off' } });
    try {
      const topic = `open-${Date.now()}`;
      const listener = await signUp(open.app, { roles: ['listener'], listenerStatus: 'none' });
      await setUser(open.app, listener.id, { listenerTopics: [topic] });
      await connectAs(await listen(open.app), listener);
      const available = await callApi(open.app, listener, 'PATCH', '/users/me/availability', {
        availability: 'available',
      });
      expect(available.statusCode).toBe(200);
      const sharer = await signUp(open.app);
      const found = await callApi(open.app, sharer, 'POST', '/match/find-listeners', { topic });
      expect(found.json().matches.map((m: { id: string }) => m.id)).toEqual([listener.id]);
      const application = await callApi(open.app, listener, 'GET', '/listeners/application');
      expect(application.json()).toMatchObject({ approval_required: false, can_listen: true });
    } finally {
      await open.close();
    }
  });
});
