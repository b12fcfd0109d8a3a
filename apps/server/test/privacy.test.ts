import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './app';
import { signUp, type SignedInUser } from './factories';

/**
 * Every endpoint that returns another user. A feature that adds one adds it here, so that no
 * response about someone else ever carries their email or real name.
 */
const endpointsAboutOthers: {
  name: string;
  request: (other: SignedInUser) => { method: 'GET'; url: string };
}[] = [
  {
    name: 'GET /users/:id',
    request: (other) => ({ method: 'GET', url: `/api/v1/users/${other.id}` }),
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
      const viewer = await signUp(t.app);
      const response = await t.app.inject({ ...request(other), headers: viewer.headers });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain(other.pseudonym);
      expect(response.body.toLowerCase()).not.toContain(other.email);
      expect(response.body).not.toContain('Margaret');
      expect(response.body).not.toMatch(/"email"|"real_name"/);
    },
  );
});
