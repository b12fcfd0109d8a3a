import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateUser } from '../src/features/identity/users.repository';
import { buildTestApp, type TestApp } from './app';
import { signUp, type SignedInUser } from './factories';

type Request = { method: 'GET' | 'POST'; url: string; payload?: object };

/**
 * Every endpoint that returns another user. A feature that adds one adds it here, so that no
 * response about someone else ever carries their email or real name.
 */
const endpointsAboutOthers: {
  name: string;
  request: (other: SignedInUser, viewer: SignedInUser) => Promise<Request> | Request;
}[] = [
  {
    name: 'GET /users/:id',
    request: (other) => ({ method: 'GET', url: `/api/v1/users/${other.id}` }),
  },
  {
    name: 'POST /match/find-listeners',
    request: () => ({
      method: 'POST',
      url: '/api/v1/match/find-listeners',
      payload: { topic: 'privacy-walk' },
    }),
  },
  {
    name: 'POST /match/request-chat',
    request: (other) => ({
      method: 'POST',
      url: '/api/v1/match/request-chat',
      payload: { listener_id: other.id },
    }),
  },
  {
    name: 'GET /chat/sessions/active',
    request: async (other, viewer) => {
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/match/request-chat',
        headers: viewer.headers,
        payload: { listener_id: other.id },
      });
      return { method: 'GET', url: '/api/v1/chat/sessions/active' };
    },
  },
  {
    name: 'GET /messages/requests',
    request: async (other, viewer) => {
      await updateUser(t.app.database.db, other.id, { allowMessageRequests: true });
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/messages/request',
        headers: viewer.headers,
        payload: { receiver_id: other.id, content: 'Hello' },
      });
      return { method: 'GET', url: '/api/v1/messages/requests?type=sent' };
    },
  },
  {
    name: 'GET /messages/contacts',
    request: async (other, viewer) => {
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/match/request-chat',
        headers: viewer.headers,
        payload: { listener_id: other.id },
      });
      return { method: 'GET', url: '/api/v1/messages/contacts' };
    },
  },
  {
    name: 'GET /conversations',
    request: async (other, viewer) => {
      await updateUser(t.app.database.db, other.id, { allowMessageRequests: true });
      const sent = await t.app.inject({
        method: 'POST',
        url: '/api/v1/messages/request',
        headers: viewer.headers,
        payload: { receiver_id: other.id, content: 'Hello' },
      });
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/messages/request/${sent.json().data.request_id}/respond`,
        headers: other.headers,
        payload: { action: 'accept' },
      });
      return { method: 'GET', url: '/api/v1/conversations' };
    },
  },
];

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

describe('anonymity', () => {
  it.each(endpointsAboutOthers)(
    '$name never shows the other user email or real name',
    async ({ request }) => {
      const other = await signUp(t.app, {
        roles: ['sharer', 'listener'],
        realName: 'Margaret Hidden-Name',
      });
      await updateUser(t.app.database.db, other.id, {
        listenerAvailability: 'available',
        listenerTopics: ['privacy-walk'],
      });
      const viewer = await signUp(t.app);
      const response = await t.app.inject({
        ...(await request(other, viewer)),
        headers: viewer.headers,
      });
      expect(response.statusCode).toBeLessThan(300);
      expect(response.body).toContain(other.pseudonym);
      expect(response.body.toLowerCase()).not.toContain(other.email);
      expect(response.body).not.toContain('Margaret');
      expect(response.body).not.toMatch(/"email"|"real_name"/);
    },
  );
});

describe('support conversations', () => {
  it('show the team as Kindred Support: never an admin pseudonym, email or real name', async () => {
    const admin = await signUp(t.app, { isAdmin: true, realName: 'Margaret Hidden-Name' });
    const viewer = await signUp(t.app);
    const as = (user: SignedInUser, method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url: `/api/v1${url}`, headers: user.headers, payload });
    const created = await as(viewer, 'POST', '/support', { subject: 'Help', content: 'Hello' });
    const id = created.json().ticket.id as string;
    await as(admin, 'POST', `/admin/support/${id}/assign`);
    await as(admin, 'POST', `/conversations/${id}/messages`, { content: 'Hi, how can we help?' });

    for (const url of ['/support', `/chat/sessions/${id}/messages`]) {
      const response = await as(viewer, 'GET', url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body).not.toContain(admin.pseudonym);
      expect(response.body.toLowerCase()).not.toContain(admin.email);
      expect(response.body).not.toContain('Margaret');
    }
    const history = await as(viewer, 'GET', `/chat/sessions/${id}/messages`);
    expect(history.body).toContain('Kindred Support');
  });
});

describe('admin views', () => {
  it('show the reported and reporting users by pseudonym only; email only in the user list', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const reporter = await signUp(t.app, { realName: 'Margaret Hidden-Name' });
    const reported = await signUp(t.app, { realName: 'Margaret Hidden-Name' });
    const as = (user: SignedInUser, method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url: `/api/v1${url}`, headers: user.headers, payload });
    await as(reporter, 'POST', '/reports', {
      reported_user_id: reported.id,
      reason: 'spam',
      description: 'Adverts',
    });
    for (const url of [
      `/admin/reports?reported_user_id=${reported.id}`,
      '/admin/moderation?limit=100',
      '/admin/logs',
    ]) {
      const response = await as(admin, 'GET', url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain('Margaret');
      expect(response.body.toLowerCase(), url).not.toContain(reporter.email);
      expect(response.body.toLowerCase(), url).not.toContain(reported.email);
    }
    const list = await as(admin, 'GET', `/admin/users?search=${reported.pseudonym}`);
    expect(list.body).toContain(reported.email);
    expect(list.body).not.toContain('Margaret');
  });
});
