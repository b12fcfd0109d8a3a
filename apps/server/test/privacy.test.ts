import { describe, expect, it } from 'vitest';
import { useTestApp } from './app';
import { signUp, type SignedInUser } from './factories';
import { setUser } from './rows';
import { acceptedRequest, listeningChat, supportTicket } from './scenarios';

const t = useTestApp();

type Request = { method: 'GET' | 'POST'; url: string; payload?: object };

/** GET `url` as the viewer, once the viewer has had a listening chat with the other user. */
const afterListeningChat = (url: string) => async (other: SignedInUser, viewer: SignedInUser) => {
  await listeningChat(t.app, { listener: other, sharer: viewer });
  return { method: 'GET', url } as const;
};

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
    request: afterListeningChat('/api/v1/chat/sessions/active'),
  },
  {
    name: 'GET /messages/requests',
    request: async (other, viewer) => {
      await setUser(t.app, other.id, { allowMessageRequests: true });
      await t.api(viewer, 'POST', '/messages/request', { receiver_id: other.id, content: 'Hello' });
      return { method: 'GET', url: '/api/v1/messages/requests?type=sent' };
    },
  },
  {
    name: 'GET /messages/contacts',
    request: afterListeningChat('/api/v1/messages/contacts'),
  },
  {
    name: 'GET /conversations',
    request: async (other, viewer) => {
      await setUser(t.app, other.id, { allowMessageRequests: true });
      await acceptedRequest(t.app, viewer, other, 'Hello');
      return { method: 'GET', url: '/api/v1/conversations' };
    },
  },
];

describe('anonymity', () => {
  it.each(endpointsAboutOthers)(
    '$name never shows the other user email or real name',
    async ({ request }) => {
      const other = await signUp(t.app, {
        roles: ['sharer', 'listener'],
        realName: 'Margaret Hidden-Name',
      });
      await setUser(t.app, other.id, {
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
    const { id } = await supportTicket(t.app, viewer, { subject: 'Help', content: 'Hello' });
    await t.api(admin, 'POST', `/admin/support/${id}/assign`);
    await t.api(admin, 'POST', `/conversations/${id}/messages`, {
      content: 'Hi, how can we help?',
    });

    for (const url of ['/support', `/chat/sessions/${id}/messages`]) {
      const response = await t.api(viewer, 'GET', url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body).not.toContain(admin.pseudonym);
      expect(response.body.toLowerCase()).not.toContain(admin.email);
      expect(response.body).not.toContain('Margaret');
    }
    const history = await t.api(viewer, 'GET', `/chat/sessions/${id}/messages`);
    expect(history.body).toContain('Kindred Support');
  });
});

describe('admin views', () => {
  it('show the reported and reporting users by pseudonym only; email only in the user list', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const reporter = await signUp(t.app, { realName: 'Margaret Hidden-Name' });
    const reported = await signUp(t.app, { realName: 'Margaret Hidden-Name' });
    await t.api(reporter, 'POST', '/reports', {
      reported_user_id: reported.id,
      reason: 'spam',
      description: 'Adverts',
    });
    for (const url of [
      `/admin/reports?reported_user_id=${reported.id}`,
      '/admin/moderation?limit=100',
      '/admin/logs',
    ]) {
      const response = await t.api(admin, 'GET', url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain('Margaret');
      expect(response.body.toLowerCase(), url).not.toContain(reporter.email);
      expect(response.body.toLowerCase(), url).not.toContain(reported.email);
    }
    const list = await t.api(admin, 'GET', `/admin/users?search=${reported.pseudonym}`);
    expect(list.body).toContain(reported.email);
    expect(list.body).not.toContain('Margaret');
  });
});
