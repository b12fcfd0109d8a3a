import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { signUp } from '../../../test/factories';
import { findUser, setUser } from '../../../test/rows';
import { createTokenSigner } from '../identity';

const t = useTestApp();

describe('team rights come from the database, not from the token', () => {
  it('a team member whose rights were withdrawn is refused at once, token still valid', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    expect((await t.api(admin, 'GET', '/admin/users')).statusCode).toBe(200);
    await setUser(t.app, admin.id, { isAdmin: false });
    const refused = await t.api(admin, 'GET', '/admin/users');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'ADMIN_REQUIRED' });
  });

  it('a team token of an account that no longer exists deletes nobody (403, not 500)', async () => {
    const victim = await signUp(t.app);
    const token = await createTokenSigner(t.config.jwtSecret, () => new Date()).signAccess({
      userId: randomUUID(),
      isAdmin: true,
    });
    const response = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/admin/users/${victim.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(403);
    expect(await findUser(t.app, victim.id)).toBeDefined();
  });
});
