import { loginResponseSchema, registerResponseSchema } from '@kindred/protocol';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { buildTestApp, useTestApp } from '../../../test/app';
import { errorCode } from '../../../test/expect';
import { callApi, cookieHeader, newUserData, PASSWORD, signUp } from '../../../test/factories';
import { setUser } from '../../../test/rows';
import { ManualClock } from '../../lib/clock';
import { ACCESS_TOKEN_TTL_SECONDS } from './tokens';

const t = useTestApp();

const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/v1/auth${url}`, payload: payload as object, headers });

describe('POST /auth/register', () => {
  it('creates the account and answers with the documented fields', async () => {
    const data = newUserData({ roles: ['sharer', 'listener'] });
    const response = await post('/register', data);
    expect(response.statusCode).toBe(201);
    const body = registerResponseSchema.parse(response.json());
    expect(body.message).toBe('User registered successfully');
    expect(body.user).toMatchObject({ email: data.email, pseudonym: data.pseudonym });
    expect(body.user.roles).toEqual(['sharer', 'listener']);
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
  });

  it.each([
    [
      'a missing field',
      { email: 'a@example.org', password: PASSWORD, roles: ['sharer'] },
      'pseudonym',
    ],
    ['an extra field', { ...newUserData(), is_admin: true }, 'is_admin'],
    ['a wrong type', { ...newUserData(), roles: 'sharer' }, 'roles'],
    ['an invalid email', { ...newUserData(), email: 'not-an-email' }, 'email'],
    ['an overlong email', { ...newUserData(), email: `${'a'.repeat(250)}@x.org` }, 'email'],
    ['a short password', { ...newUserData(), password: 'Ab1' }, 'password'],
    ['a password without a digit', { ...newUserData(), password: 'Abcdefghij' }, 'password'],
    ['a password without uppercase', { ...newUserData(), password: 'abcdefgh1' }, 'password'],
    ['an overlong password', { ...newUserData(), password: `Aa1${'x'.repeat(200)}` }, 'password'],
    ['a pseudonym with spaces', { ...newUserData(), pseudonym: 'two words' }, 'pseudonym'],
    ['a two-letter pseudonym', { ...newUserData(), pseudonym: 'ab' }, 'pseudonym'],
    ['an overlong pseudonym', { ...newUserData(), pseudonym: 'a'.repeat(21) }, 'pseudonym'],
    ['no roles', { ...newUserData(), roles: [] }, 'roles'],
    ['an unknown role', { ...newUserData(), roles: ['admin'] }, 'roles'],
    ['repeated roles', { ...newUserData(), roles: ['sharer', 'sharer'] }, 'roles'],
  ])('refuses %s with 400 and names the field', async (_label, payload, field) => {
    const response = await post('/register', payload);
    expect(errorCode(response, 400)).toBe('VALIDATION_ERROR');
    const paths: string[] = response.json().details.map((d: { path: string }) => d.path);
    expect(paths.some((path) => path === field || path.startsWith(`${field}.`))).toBe(true);
  });

  it('refuses malformed JSON with 400 INVALID_JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.org",',
    });
    expect(errorCode(response, 400)).toBe('INVALID_JSON');
  });

  it('refuses a body over the size limit with 413', async () => {
    const response = await post('/register', { ...newUserData(), bio: 'x'.repeat(70_000) });
    expect(errorCode(response, 413)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a taken email (any letter case) as a new one, creating nothing', async () => {
    const first = newUserData();
    const created = await post('/register', first);
    expect(created.statusCode).toBe(201);
    const again = newUserData({ email: first.email.toUpperCase(), password: 'Other-Lantern-77' });
    const answer = await post('/register', again);
    // The same status and shape: nothing tells that the address has an account.
    expect(answer.statusCode).toBe(201);
    expect(Object.keys(answer.json())).toEqual(Object.keys(created.json()));
    expect(answer.json().user).toMatchObject({ email: first.email, pseudonym: again.pseudonym });
    // The owner's password still works, the newcomer's does not; the pseudonym stays free.
    expect(
      (await post('/login', { email: first.email, password: first.password })).statusCode,
    ).toBe(200);
    expect(
      (await post('/login', { email: first.email, password: again.password })).statusCode,
    ).toBe(401);
    expect((await post('/register', newUserData({ pseudonym: again.pseudonym }))).statusCode).toBe(
      201,
    );
  });

  it('refuses a duplicate pseudonym in any letter case with 409 PSEUDONYM_TAKEN', async () => {
    const first = newUserData({ pseudonym: 'Quiet_Harbour' });
    expect((await post('/register', first)).statusCode).toBe(201);
    const again = newUserData({ pseudonym: 'quiet_HARBOUR' });
    expect(errorCode(await post('/register', again), 409)).toBe('PSEUDONYM_TAKEN');
  });
});

describe('POST /auth/login', () => {
  it('signs in, returns both tokens and sets httpOnly cookies', async () => {
    const data = newUserData();
    await post('/register', data);
    const response = await post('/login', { email: data.email.toUpperCase(), password: PASSWORD });
    expect(response.statusCode).toBe(200);
    const body = loginResponseSchema.parse(response.json());
    expect(body.user.pseudonym).toBe(data.pseudonym);
    const cookies = Object.fromEntries(response.cookies.map((c) => [c.name, c]));
    expect(cookies.access_token).toMatchObject({
      value: body.access_token,
      httpOnly: true,
      maxAge: 900,
    });
    expect(cookies.access_token?.sameSite).toBe('Lax');
    expect(cookies.refresh_token).toMatchObject({ value: body.refresh_token, httpOnly: true });
    expect(cookies.refresh_token?.maxAge).toBe(7 * 24 * 3600);
  });

  it('answers 401 INVALID_CREDENTIALS for a wrong password or an unknown email, alike', async () => {
    const data = newUserData();
    await post('/register', data);
    const wrong = await post('/login', { email: data.email, password: 'Wrong-Pass-1' });
    const unknown = await post('/login', { email: 'nobody@example.org', password: PASSWORD });
    expect(errorCode(wrong, 401)).toBe('INVALID_CREDENTIALS');
    expect(errorCode(unknown, 401)).toBe('INVALID_CREDENTIALS');
    expect(wrong.json().error).toBe(unknown.json().error);
  });

  it('answers 403 ACCOUNT_BANNED for a banned account', async () => {
    const user = await signUp(t.app);
    await setUser(t.app, user.id, { isActive: false });
    const response = await post('/login', { email: user.email, password: PASSWORD });
    expect(errorCode(response, 403)).toBe('ACCOUNT_BANNED');
  });

  it('refuses an empty body with 400', async () => {
    expect(errorCode(await post('/login', {}), 400)).toBe('VALIDATION_ERROR');
  });
});

describe('access tokens', () => {
  const me = (headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: '/api/v1/users/me', headers });

  it('are accepted as a Bearer header and as the cookie', async () => {
    const user = await signUp(t.app);
    expect((await me(user.headers)).json().id).toBe(user.id);
    const viaCookie = await me({ cookie: `access_token=${user.login.access_token}` });
    expect(viaCookie.json().id).toBe(user.id);
  });

  it('refuses a missing, forged, alg:none or expired token with 401 and a stable code', async () => {
    const user = await signUp(t.app);
    expect(errorCode(await me({}), 401)).toBe('UNAUTHENTICATED');

    const forged = await new SignJWT({ adm: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('kindred')
      .setAudience('kindred')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('a'.repeat(64)));
    expect(errorCode(await me({ authorization: `Bearer ${forged}` }), 401)).toBe('INVALID_TOKEN');

    const [, payload] = user.login.access_token.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const none = `${header}.${payload}.`;
    expect(errorCode(await me({ authorization: `Bearer ${none}` }), 401)).toBe('INVALID_TOKEN');

    const expired = await new SignJWT({ adm: false })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('kindred')
      .setAudience('kindred')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(t.config.jwtSecret));
    expect(errorCode(await me({ authorization: `Bearer ${expired}` }), 401)).toBe('TOKEN_EXPIRED');

    expect(errorCode(await me({ authorization: 'Bearer garbage' }), 401)).toBe('INVALID_TOKEN');
  });

  it.each([
    ['without an expiry', { sub: 'user', exp: false }],
    ['whose subject is not a user id', { sub: 'not-a-uuid', exp: true }],
  ])('refuses a correctly signed token %s with 401, never 500', async (_label, shape) => {
    const user = await signUp(t.app);
    const now = Math.floor(Date.now() / 1000);
    let token = new SignJWT({ adm: false })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(shape.sub === 'user' ? user.id : shape.sub)
      .setIssuer('kindred')
      .setAudience('kindred')
      .setIssuedAt(now);
    if (shape.exp) token = token.setExpirationTime(now + 600);
    const signed = await token.sign(new TextEncoder().encode(t.config.jwtSecret));
    expect(errorCode(await me({ authorization: `Bearer ${signed}` }), 401)).toBe('INVALID_TOKEN');
  });
});

describe('POST /auth/refresh and /auth/logout', () => {
  it('rotates the refresh token from the cookie and issues a working access token', async () => {
    const user = await signUp(t.app);
    const response = await post('/refresh', undefined, {
      cookie: `refresh_token=${user.login.refresh_token}`,
    });
    expect(response.statusCode).toBe(200);
    const { access_token, refresh_token } = response.json();
    expect(refresh_token).not.toBe(user.login.refresh_token);
    expect(response.cookies.find((c) => c.name === 'access_token')?.value).toBe(access_token);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(me.json().id).toBe(user.id);
  });

  it('revokes the whole family when an already-rotated token is presented again', async () => {
    const user = await signUp(t.app);
    const first = await post('/refresh', { refresh_token: user.login.refresh_token });
    const rotated = first.json().refresh_token as string;
    // The old token comes back (a copy someone kept): refused, and the family is closed...
    const replay = await post('/refresh', { refresh_token: user.login.refresh_token });
    expect(errorCode(replay, 401)).toBe('REFRESH_TOKEN_REUSED');
    // ...so even the newest token of that family no longer works.
    const newest = await post('/refresh', { refresh_token: rotated });
    expect(errorCode(newest, 401)).toBe('REFRESH_TOKEN_INVALID');
  });

  it('refuses a missing or unknown refresh token with 401', async () => {
    expect(errorCode(await post('/refresh'), 401)).toBe('REFRESH_TOKEN_INVALID');
    expect(errorCode(await post('/refresh', { refresh_token: 'nope' }), 401)).toBe(
      'REFRESH_TOKEN_INVALID',
    );
  });

  it('logout revokes the session and clears both cookies', async () => {
    const user = await signUp(t.app);
    const cookie = `refresh_token=${user.login.refresh_token}; access_token=${user.login.access_token}`;
    const response = await post('/logout', undefined, { cookie });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ message: 'Logged out successfully' });
    for (const c of response.cookies) expect(c.value).toBe('');
    const after = await post('/refresh', undefined, { cookie });
    expect(errorCode(after, 401)).toBe('REFRESH_TOKEN_INVALID');
  });

  it('keeps working when the client sends a JSON content type with no body', async () => {
    const user = await signUp(t.app);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: {
        'content-type': 'application/json',
        cookie: cookieHeader({
          cookies: [{ name: 'refresh_token', value: user.login.refresh_token }],
        }),
      },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('request origin', () => {
  it('refuses a state-changing request from a foreign Origin with 403', async () => {
    const response = await post('/register', newUserData(), { origin: 'https://evil.example' });
    expect(errorCode(response, 403)).toBe('FORBIDDEN_ORIGIN');
  });

  it('accepts the same origin', async () => {
    const response = await post('/register', newUserData(), {
      origin: 'http://localhost:80',
      host: 'localhost:80',
    });
    expect(response.statusCode).toBe(201);
  });
});

describe('auth rate limit', () => {
  it('behind one trusted proxy, counts the address the proxy saw, not one the client claims', async () => {
    const proxied = await buildTestApp({ env: { RATE_LIMIT_AUTH_PER_MIN: '5', TRUST_PROXY: '1' } });
    try {
      const attempt = (i: number) =>
        proxied.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'someone@example.org', password: 'Wrong-Pass-1' },
          remoteAddress: '127.0.0.1',
          // The client forges a fresh address each time; the proxy appends the real one.
          headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.9` },
        });
      for (let i = 0; i < 5; i++) expect((await attempt(i)).statusCode).toBe(401);
      expect((await attempt(99)).statusCode).toBe(429);
    } finally {
      await proxied.close();
    }
  });

  it('allows 5 auth requests a minute per IP, then 429 with Retry-After', async () => {
    const limited = await buildTestApp({ env: { RATE_LIMIT_AUTH_PER_MIN: '5' } });
    try {
      const attempt = () =>
        limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'someone@example.org', password: 'Wrong-Pass-1' },
          remoteAddress: '203.0.113.7',
        });
      for (let i = 0; i < 5; i++) expect((await attempt()).statusCode).toBe(401);
      const sixth = await attempt();
      expect(errorCode(sixth, 429)).toBe('RATE_LIMITED');
      const retryAfter = Number(sixth.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // Another address has its own allowance.
      const other = await limited.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'someone@example.org', password: 'Wrong-Pass-1' },
        remoteAddress: '203.0.113.8',
      });
      expect(other.statusCode).toBe(401);
    } finally {
      await limited.close();
    }
  });
});

describe('API rate limit', () => {
  it('allows 5 signed-in requests a minute per user, then 429 with Retry-After, in one burst too', async () => {
    const limited = await buildTestApp({ env: { RATE_LIMIT_API_PER_MIN: '5' } });
    try {
      const [one, two] = [await signUp(limited.app), await signUp(limited.app)];
      const me = (user: typeof one) => callApi(limited.app, user, 'GET', '/users/me');
      for (let i = 0; i < 5; i++) expect((await me(one)).statusCode).toBe(200);
      const sixth = await me(one);
      expect(errorCode(sixth, 429)).toBe('RATE_LIMITED');
      expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
      // Requests that arrive together are counted one by one all the same.
      const burst = await Promise.all(Array.from({ length: 8 }, () => me(two)));
      expect(burst.map((response) => response.statusCode).sort()).toEqual([
        ...Array<number>(5).fill(200),
        ...Array<number>(3).fill(429),
      ]);
    } finally {
      await limited.close();
    }
  });

  it('answers 401 INVALID_TOKEN, not a count, to a request without a valid token', async () => {
    const limited = await buildTestApp({ env: { RATE_LIMIT_API_PER_MIN: '1' } });
    try {
      const forged = { authorization: 'Bearer not.a.token' };
      for (let i = 0; i < 3; i++) {
        const response = await limited.app.inject({
          method: 'GET',
          url: '/api/v1/users/me',
          headers: forged,
        });
        expect(errorCode(response, 401)).toBe('INVALID_TOKEN');
      }
    } finally {
      await limited.close();
    }
  });
});

describe('a verified access token, remembered by the node', () => {
  it('works until the second it expires, then answers 401 TOKEN_EXPIRED', async () => {
    const clock = new ManualClock();
    const app = await buildTestApp({ clock });
    try {
      const user = await signUp(app.app);
      const me = () => callApi(app.app, user, 'GET', '/users/me');
      expect((await me()).statusCode).toBe(200);
      clock.advance(ACCESS_TOKEN_TTL_SECONDS * 1000 - 1_000);
      expect((await me()).statusCode).toBe(200);
      clock.advance(1_000);
      expect(errorCode(await me(), 401)).toBe('TOKEN_EXPIRED');
      expect(errorCode(await me(), 401)).toBe('TOKEN_EXPIRED');
    } finally {
      await app.close();
    }
  });
});
