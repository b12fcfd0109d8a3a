import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { logIn } from '../../../test/factories';
import { demoUsers, seedDemoUsers } from './seed';

const t = useTestApp({ env: { SEED_DEMO: 'true' } });
const login = (email: string, password: string) => logIn(t.app, { email, password });

describe('demo users on first start', () => {
  it.each(demoUsers.map((u) => [u.email, u.password, u.pseudonym] as const))(
    '%s signs in with the seed password',
    async (email, password, pseudonym) => {
      const response = await login(email, password);
      expect(response.statusCode).toBe(200);
      expect(response.json().user.pseudonym).toBe(pseudonym);
    },
  );

  it('makes the admin an admin and the listeners available with topics and ratings', async () => {
    const admin = (await login('admin@example.com', 'Admin123!')).json();
    expect(admin.user.is_admin).toBe(true);
    const listener = (await login('listener1@example.com', 'Listener123!')).json();
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${listener.access_token}` },
    });
    expect(me.json()).toMatchObject({
      listener_availability: 'available',
      listener_rating: 4.8,
      listener_topics: ['anxiety', 'stress', 'depression'],
    });
  });

  it('creates nothing twice when seeding again', async () => {
    expect(await seedDemoUsers(t.app.database.db)).toBe(0);
  });
});
