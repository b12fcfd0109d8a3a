import {
  adminLogsResponseSchema,
  adminReportsResponseSchema,
  adminUsersResponseSchema,
} from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { approvalOffNoStaleCheck, useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { cookieHeader, logIn, signUp } from '../../../test/factories';
import { findUser } from '../../../test/rows';
import { listeningChat } from '../../../test/scenarios';
import { collect, connect, nextEvent, sleep } from '../../../test/sockets';
import { ManualClock } from '../../lib/clock';

const clock = new ManualClock();
const t = useTestApp({ clock, env: approvalOffNoStaleCheck });
const { api } = t;
const newAdmin = () => signUp(t.app, { isAdmin: true });
const login = (user: { email: string }) => logIn(t.app, user);

/** A listener (gone available on the queue) and a sharer in an active listening chat. */
const chatting = () => listeningChat(t.app, { goesAvailable: true });

describe('who may use the admin API', () => {
  it('401 without a token, 403 ADMIN_REQUIRED for a user who is not an admin', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/admin/stats' });
    expect(anonymous.statusCode).toBe(401);
    const user = await signUp(t.app);
    const refused = await api(user, 'GET', '/admin/users');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ success: false, code: 'ADMIN_REQUIRED' });
  });
});

describe('GET /admin/users', () => {
  it('lists users with the documented fields, searching pseudonym or email case-insensitively', async () => {
    const admin = await newAdmin();
    const tag = `Zq${Date.now().toString(36)}`;
    const a = await signUp(t.app, { pseudonym: `${tag}Alpha`, roles: ['listener'] });
    const b = await signUp(t.app, { email: `${tag.toLowerCase()}.b@example.org` });
    const report = await api(b, 'POST', '/reports', {
      reported_user_id: a.id,
      reason: 'spam',
      description: 'Adverts',
    });
    expect(report.statusCode).toBe(201);
    const response = await api(admin, 'GET', `/admin/users?search=${tag.toUpperCase()}`);
    expect(response.statusCode).toBe(200);
    const body = adminUsersResponseSchema.strict().parse(response.json());
    expect(body).toMatchObject({ total: 2, page: 1, pages: 1 });
    expect(body.users.map((u) => u.id).sort()).toEqual([a.id, b.id].sort());
    expect(body.users.find((u) => u.id === a.id)).toEqual({
      id: a.id,
      email: a.email,
      pseudonym: a.pseudonym,
      roles: ['listener'],
      is_active: true,
      is_admin: false,
      listener_rating: null,
      listener_total_chats: 0,
      // Decided by the listener-approval setting; any of the contract's values.
      listener_status: expect.any(String),
      open_reports: 1,
      created_at: expect.any(String),
    });
    expect(body.users.find((u) => u.id === b.id)?.open_reports).toBe(0);

    const listeners = (await api(admin, 'GET', `/admin/users?search=${tag}&role=listener`)).json();
    expect(listeners.users.map((u: { id: string }) => u.id)).toEqual([a.id]);
    // A % in the search is a literal character, not a wildcard.
    expect((await api(admin, 'GET', '/admin/users?search=%25%25%25')).json().total).toBe(0);
  });

  it('pages with total and pages, and filters banned users', async () => {
    const admin = await newAdmin();
    const tag = `Pg${Date.now().toString(36)}`;
    for (let i = 0; i < 3; i++) await signUp(t.app, { pseudonym: `${tag}${i}` });
    const first = (await api(admin, 'GET', `/admin/users?search=${tag}&limit=2`)).json();
    expect(first).toMatchObject({ total: 3, page: 1, pages: 2 });
    expect(first.users).toHaveLength(2);
    const second = (await api(admin, 'GET', `/admin/users?search=${tag}&limit=2&page=2`)).json();
    expect(second.users).toHaveLength(1);
    const banned = (await api(admin, 'GET', `/admin/users?search=${tag}&is_active=false`)).json();
    expect(banned.total).toBe(0);
  });

  it('400 on bad query values and unknown parameters', async () => {
    const admin = await newAdmin();
    for (const query of [
      'limit=1000',
      'limit=0',
      'page=0',
      'page=abc',
      'is_active=maybe',
      'role=admin',
      'colour=blue',
    ]) {
      const response = await api(admin, 'GET', `/admin/users?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json()).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    }
  });
});

describe('PATCH /admin/users/:userId/ban', () => {
  it('bans: ends their chat (partner told), disconnects them, their tokens stop working', async () => {
    const admin = await newAdmin();
    const { listener, sharer, chatId } = await chatting();
    const refresh = (await login(listener)).cookies;
    const listenerSocket = await t.connect(listener);
    const sharerSocket = await t.connect(sharer);
    const events = collect(listenerSocket, 'account_banned');
    const banned = nextEvent(listenerSocket, 'account_banned');
    const ended = nextEvent(sharerSocket, 'chat_ended');
    const disconnected = new Promise<string>((resolve) =>
      listenerSocket.once('disconnect', resolve),
    );

    const response = await api(admin, 'PATCH', `/admin/users/${listener.id}/ban`, {
      is_active: false,
      reason: 'Multiple harassment reports',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ message: 'User banned successfully', user_id: listener.id });

    expect(await banned).toEqual({ message: expect.any(String) });
    expect(await disconnected).toBe('io server disconnect');
    expect(events).toHaveLength(1);
    expect(await ended).toMatchObject({ session_id: chatId, feedback_required: false });

    const me = await api(listener, 'GET', '/users/me');
    expect(me.statusCode).toBe(403);
    expect(me.json()).toMatchObject({ success: false, code: 'ACCOUNT_BANNED' });
    await expect(t.connect(listener)).rejects.toMatchObject({
      data: { code: 'ACCOUNT_BANNED' },
    });
    expect((await login(listener)).json()).toMatchObject({ code: 'ACCOUNT_BANNED' });
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { cookie: cookieHeader({ cookies: refresh }) },
    });
    expectCode(refreshed, 403, 'ACCOUNT_BANNED');

    const row = await findUser(t.app, listener.id);
    expect(row).toMatchObject({ isActive: false, listenerAvailability: 'unavailable' });
    expect(row?.tokensRevokedAt).toBeInstanceOf(Date);
    // The sharer is free to find someone else.
    expect((await api(sharer, 'GET', '/chat/sessions/active')).json()).toEqual({
      session_id: null,
    });

    const logs = (await api(admin, 'GET', `/admin/logs?target_id=${listener.id}`)).json();
    expect(logs.logs).toEqual([
      expect.objectContaining({
        action: 'ban_user',
        target_type: 'user',
        target_id: listener.id,
        admin: { id: admin.id, pseudonym: admin.pseudonym },
        details: { reason: 'Multiple harassment reports' },
      }),
    ]);
    const list = (await api(admin, 'GET', `/admin/users?search=${listener.pseudonym}`)).json();
    expect(list.users[0]).toMatchObject({ id: listener.id, is_active: false });
  });

  it('unbans: old tokens stay refused, a new sign-in works', async () => {
    const admin = await newAdmin();
    const user = await signUp(t.app);
    const oldHeaders = user.headers;
    await api(admin, 'PATCH', `/admin/users/${user.id}/ban`, { is_active: false, reason: 'Spam' });
    // A moment later, within the same second, the team changes its mind.
    clock.advance(1);
    const unban = await api(admin, 'PATCH', `/admin/users/${user.id}/ban`, { is_active: true });
    expect(unban.statusCode).toBe(200);
    expect(unban.json()).toEqual({ message: 'User unbanned successfully', user_id: user.id });

    const old = await t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers: oldHeaders });
    expectCode(old, 401, 'INVALID_TOKEN');
    const fresh = await login(user);
    expect(fresh.statusCode).toBe(200);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${fresh.json().access_token}` },
    });
    expect(me.statusCode).toBe(200);
    const socket = await connect(t.url, fresh.json().access_token);
    expect(socket.connected).toBe(true);

    const actions = (await api(admin, 'GET', `/admin/logs?target_id=${user.id}`)).json().logs;
    expect(actions.map((l: { action: string }) => l.action)).toEqual(['unban_user', 'ban_user']);
  });

  it('refuses bad input with 400/404 error bodies', async () => {
    const admin = await newAdmin();
    const user = await signUp(t.app);
    const cases: [string, unknown, number, string][] = [
      [user.id, { is_active: false }, 400, 'VALIDATION_ERROR'],
      [user.id, { is_active: false, reason: '   ' }, 400, 'VALIDATION_ERROR'],
      [user.id, { is_active: false, reason: 'x'.repeat(501) }, 400, 'VALIDATION_ERROR'],
      [user.id, { is_active: 'no', reason: 'Spam' }, 400, 'VALIDATION_ERROR'],
      [user.id, { is_active: false, reason: 'Spam', extra: 1 }, 400, 'VALIDATION_ERROR'],
      [user.id, {}, 400, 'VALIDATION_ERROR'],
      ['not-a-uuid', { is_active: false, reason: 'Spam' }, 400, 'VALIDATION_ERROR'],
      [admin.id, { is_active: false, reason: 'Oops' }, 400, 'CANNOT_BAN_SELF'],
      [
        '00000000-0000-4000-8000-000000000000',
        { is_active: false, reason: 'Spam' },
        404,
        'NOT_FOUND',
      ],
      ['00000000-0000-4000-8000-000000000000', { is_active: true }, 404, 'NOT_FOUND'],
    ];
    for (const [id, body, status, code] of cases) {
      const response = await api(admin, 'PATCH', `/admin/users/${id}/ban`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.json()).toMatchObject({ success: false, code });
    }
    expect((await findUser(t.app, user.id))?.isActive).toBe(true);
    expect((await api(admin, 'GET', '/users/me')).statusCode).toBe(200);
  });
});

describe('GET /admin/reports and PATCH /admin/reports/:reportId', () => {
  async function reported() {
    const { listener, sharer, chatId } = await chatting();
    const sent = await api(listener, 'POST', `/chat/sessions/${chatId}/messages`, {
      content: 'You are wasting my time',
    });
    const report = await api(sharer, 'POST', '/reports', {
      reported_user_id: listener.id,
      chat_session_id: chatId,
      message_id: sent.json().message.id,
      reason: 'harassment',
      description: 'User sent inappropriate messages',
    });
    expect(report.statusCode).toBe(201);
    return { listener, sharer, chatId, reportId: report.json().report_id as string };
  }

  it('lists reports with the documented fields, with the evidence kept', async () => {
    const admin = await newAdmin();
    const { listener, sharer, chatId, reportId } = await reported();
    const response = await api(admin, 'GET', `/admin/reports?reported_user_id=${listener.id}`);
    expect(response.statusCode).toBe(200);
    const body = adminReportsResponseSchema.strict().parse(response.json());
    expect(body).toMatchObject({ total: 1, page: 1, pages: 1 });
    expect(body.reports[0]).toEqual({
      id: reportId,
      reporter: { id: sharer.id, pseudonym: sharer.pseudonym },
      reported_user: { id: listener.id, pseudonym: listener.pseudonym },
      reason: 'harassment',
      description: 'User sent inappropriate messages',
      status: 'pending',
      created_at: expect.any(String),
      session_id: chatId,
      message_id: expect.any(String),
      message_snapshot: 'You are wasting my time',
      message_sent_at: expect.any(String),
      reviewed_at: null,
      reviewed_by: null,
      resolution: null,
    });
    const pending = (await api(admin, 'GET', '/admin/reports?status=pending&limit=100')).json();
    expect(pending.reports.some((r: { id: string }) => r.id === reportId)).toBe(true);
    const resolved = (await api(admin, 'GET', '/admin/reports?status=resolved&limit=100')).json();
    expect(resolved.reports.some((r: { id: string }) => r.id === reportId)).toBe(false);
  });

  it('resolves a report: status, resolution, reviewed_at and reviewed_by, logged', async () => {
    const admin = await newAdmin();
    const { listener, reportId } = await reported();
    const response = await api(admin, 'PATCH', `/admin/reports/${reportId}`, {
      status: 'resolved',
      resolution: 'User has been warned and monitored',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      message: 'Report updated successfully',
      report_id: reportId,
    });
    const [report] = (
      await api(admin, 'GET', `/admin/reports?reported_user_id=${listener.id}`)
    ).json().reports;
    expect(report).toMatchObject({
      status: 'resolved',
      resolution: 'User has been warned and monitored',
      reviewed_by: { id: admin.id, pseudonym: admin.pseudonym },
      reviewed_at: expect.any(String),
    });
    const logs = (await api(admin, 'GET', `/admin/logs?target_id=${reportId}`)).json().logs;
    expect(logs).toEqual([
      expect.objectContaining({
        action: 'resolve_report',
        target_type: 'report',
        details: {
          from: 'pending',
          status: 'resolved',
          resolution: 'User has been warned and monitored',
        },
      }),
    ]);
  });

  it('400 on bad ids, statuses and fields; 404 for an unknown report', async () => {
    const admin = await newAdmin();
    const { reportId } = await reported();
    const cases: [string, unknown, number][] = [
      [reportId, { status: 'closed' }, 400],
      [reportId, {}, 400],
      [reportId, { status: 'resolved', resolution: 'x'.repeat(2001) }, 400],
      [reportId, { status: 'resolved', extra: true }, 400],
      ['123', { status: 'resolved' }, 400],
      ['00000000-0000-4000-8000-000000000000', { status: 'resolved' }, 404],
    ];
    for (const [id, body, status] of cases) {
      const response = await api(admin, 'PATCH', `/admin/reports/${id}`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.json().success).toBe(false);
    }
    for (const query of ['status=closed', 'limit=101', 'reported_user_id=abc', 'x=1']) {
      expect((await api(admin, 'GET', `/admin/reports?${query}`)).statusCode, query).toBe(400);
    }
  });
});

describe('GET /admin/logs', () => {
  it('newest first, filtered by action and admin; bad filters are 400', async () => {
    const admin = await newAdmin();
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    await api(admin, 'PATCH', `/admin/users/${a.id}/ban`, { is_active: false, reason: 'First' });
    clock.advance(10);
    await sleep(5);
    await api(admin, 'PATCH', `/admin/users/${b.id}/ban`, { is_active: false, reason: 'Second' });
    const response = await api(admin, 'GET', `/admin/logs?admin_id=${admin.id}&action=ban_user`);
    expect(response.statusCode).toBe(200);
    const body = adminLogsResponseSchema.strict().parse(response.json());
    expect(body.logs.map((l) => l.target_id)).toEqual([b.id, a.id]);
    expect(body).toMatchObject({ total: 2, page: 1, pages: 1 });
    for (const query of ['admin_id=nope', 'target_id=1', 'page=-1', 'limit=500', 'sort=asc']) {
      expect((await api(admin, 'GET', `/admin/logs?${query}`)).statusCode, query).toBe(400);
    }
  });
});
