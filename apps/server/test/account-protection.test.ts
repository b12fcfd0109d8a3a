/**
 * Accounts are hard to guess into: common passwords are refused at registration, and failed
 * sign-ins are counted per account (not only per address), without locking the owner out of the
 * sessions they already have.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from './app';
import { logIn, newUserData, signUp } from './factories';
import { useMailServer } from './mail-server';

const mail = useMailServer();

const t = useTestApp(() => ({
  env: {
    RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '5',
    LOGIN_FAILURE_WINDOW_MINUTES: '15',
    SMTP_URL: mail.url,
  },
}));

const register = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload });

describe('weak passwords', () => {
  it.each(['Password1', 'Qwerty123', 'Sunshine1', 'Test1234'])(
    'refuses %s with WEAK_PASSWORD naming the field',
    async (password) => {
      const response = await register(newUserData({ password }));
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        success: false,
        code: 'WEAK_PASSWORD',
        details: [{ path: 'password' }],
      });
    },
  );

  it('refuses a password made of the pseudonym, and accepts an unusual one', async () => {
    const data = newUserData();
    const own = await register({ ...data, password: `${data.pseudonym}1` });
    expect(own.json().code).toBe('WEAK_PASSWORD');
    expect((await register({ ...data, password: 'Tidal-Kettle-Lantern-4' })).statusCode).toBe(201);
  });
});

describe('failed sign-ins per account', () => {
  it('after 5 failures from any address the account waits; its open session goes on', async () => {
    const user = await signUp(t.app);
    for (let i = 0; i < 5; i++) {
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: `Wrong-Guess-${i}` },
        // Different addresses: the per-address limit alone would not stop them.
        remoteAddress: `10.0.0.${i + 1}`,
      });
      expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await logIn(t.app, user);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('RATE_LIMITED');
    expect(locked.json().retry_after).toBeGreaterThan(0);
    expect(locked.json().retry_after).toBeLessThanOrEqual(15 * 60);
    expect(locked.headers['retry-after']).toBe(String(locked.json().retry_after));

    // Nobody's session ends: the owner's access and refresh tokens keep working.
    expect((await t.api(user, 'GET', '/users/me')).statusCode).toBe(200);
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refresh_token: user.login.refresh_token },
    });
    expect(refreshed.statusCode).toBe(200);
    // Another account is not affected.
    expect((await logIn(t.app, await signUp(t.app))).statusCode).toBe(200);
  });

  it('counts unknown e-mails the same way, so the limit says nothing about membership', async () => {
    const email = `nobody-${Date.now()}@example.org`;
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await logIn(t.app, { email, password: `Wrong-Guess-${i}` });
      codes.push(response.json().code as string);
    }
    expect(codes).toEqual([...Array(5).fill('INVALID_CREDENTIALS'), 'RATE_LIMITED']);
  });
});

describe('pseudonyms cannot carry invisible or direction-changing characters', () => {
  it.each(['Ann\u202Egpj', 'Ann\u200Bie', 'Ann\u2066ie', 'Ann\uFEFFie', 'Ann\u200Fie'])(
    'refuses %j at registration and in a profile change',
    async (pseudonym) => {
      const registered = await register(newUserData({ pseudonym }));
      expect(registered.statusCode).toBe(400);
      expect(registered.json().details[0].path).toBe('pseudonym');
      const user = await signUp(t.app);
      const changed = await t.api(user, 'PATCH', '/users/me', { pseudonym });
      expect(changed.statusCode).toBe(400);
      expect((await t.api(user, 'GET', '/users/me')).json().pseudonym).toBe(user.pseudonym);
    },
  );
});

describe('registering with an e-mail that has an account', () => {
  it('answers as for a new address and e-mails the owner instead', async () => {
    const owner = await signUp(t.app);
    const fresh = await register(newUserData());
    const taken = await register(newUserData({ email: owner.email }));
    expect(taken.statusCode).toBe(fresh.statusCode);
    expect(taken.json().message).toBe(fresh.json().message);
    expect(taken.json().user.id).not.toBe(owner.id);

    // Besides the address confirmation sign-up sends.
    const [notice] = await mail.waitFor(
      (m) => m.to.includes(owner.email) && m.subject === 'Security notice for your Kindred account',
      { timeoutMs: 10_000 },
    );
    expect(notice!.subject).toBe('Security notice for your Kindred account');
    // Nothing the attempt typed reaches the owner's mailbox.
    expect(notice!.text).not.toContain(taken.json().user.pseudonym);
    const inApp = (await t.api(owner, 'GET', '/notifications')).json();
    expect(JSON.stringify(inApp)).toContain('Someone tried to register with your e-mail');
    // The new address got no such mail.
    expect(
      mail.messages.some(
        (m) =>
          m.to.includes(fresh.json().user.email) &&
          m.subject === 'Security notice for your Kindred account',
      ),
    ).toBe(false);
  });
});
