import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateUser } from '../src/features/users/users.repository';
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
