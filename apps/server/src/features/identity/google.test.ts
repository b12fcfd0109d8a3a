import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loginResponseSchema } from '@kindred/protocol';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { newUserData } from '../../../test/factories';
import { pseudonymBase } from './google';

const CLIENT_ID = 'kindred-test.apps.googleusercontent.com';
type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

let jwksServer: Server;
let jwksUrl: string;
let googleKey: Key;
let strangerKey: Key;

/** A real JWKS endpoint on loopback, so the production verification code runs unchanged. */
async function serveJwks(jwk: JWK): Promise<string> {
  jwksServer = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [{ ...jwk, kid: 'test-key', alg: 'RS256', use: 'sig' }] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/certs`;
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  googleKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  jwksUrl = await serveJwks(await exportJWK(pair.publicKey));
});
afterAll(() => jwksServer.close());
const t = useTestApp(() => ({
  env: { GOOGLE_CLIENT_ID: CLIENT_ID, GOOGLE_JWKS_URL: jwksUrl },
}));

function idToken(
  claims: Record<string, unknown>,
  options: { key?: Key; aud?: string; iss?: string; exp?: number } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ email_verified: true, ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
    .setIssuer(options.iss ?? 'https://accounts.google.com')
    .setAudience(options.aud ?? CLIENT_ID)
    .setIssuedAt(now)
    .setExpirationTime(options.exp ?? now + 600)
    .sign(options.key ?? googleKey);
}

const signIn = (credential: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/google', payload: { credential } });

describe('POST /auth/google', () => {
  it('creates a user with a pseudonym from the name, then signs the same user in again', async () => {
    const token = await idToken({
      sub: 'g-1',
      email: 'Ada.Lovelace@gmail.com',
      name: 'Ada Lovelace',
    });
    const first = await signIn(token);
    expect(first.statusCode).toBe(200);
    const body = loginResponseSchema.parse(first.json());
    expect(body.user.pseudonym).toBe('AdaLovelace');
    expect(first.cookies.map((c) => c.name).sort()).toEqual(['access_token', 'refresh_token']);

    const again = await signIn(
      await idToken({ sub: 'g-1', email: 'ada.lovelace@gmail.com', name: 'Ada Lovelace' }),
    );
    expect(again.json().user.id).toBe(body.user.id);
  });

  it('gives a second person with the same name a different pseudonym', async () => {
    const a = await signIn(await idToken({ sub: 'g-2', email: 'sam1@gmail.com', name: 'Sam Lee' }));
    const b = await signIn(await idToken({ sub: 'g-3', email: 'sam2@gmail.com', name: 'Sam Lee' }));
    expect(a.json().user.pseudonym).toBe('SamLee');
    expect(b.json().user.pseudonym).toMatch(/^SamLee\d+$/);
  });

  it('links to an existing account with the same email', async () => {
    const data = newUserData();
    const registered = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: data,
    });
    const response = await signIn(
      await idToken({ sub: 'g-4', email: data.email, name: 'Whoever' }),
    );
    expect(response.json().user.id).toBe(registered.json().user.id);
  });

  it.each([
    ['signed by another key', { key: 'stranger' }],
    ['for another audience', { aud: 'someone-else.apps.googleusercontent.com' }],
    ['from another issuer', { iss: 'https://evil.example' }],
    ['expired', { exp: Math.floor(Date.now() / 1000) - 60 }],
  ])('refuses a token %s with 401 GOOGLE_TOKEN_INVALID', async (_label, opts) => {
    const { key, ...rest } = opts as { key?: string; aud?: string; iss?: string; exp?: number };
    const token = await idToken(
      { sub: 'g-x', email: 'x@gmail.com', name: 'X' },
      { ...rest, key: key ? strangerKey : undefined },
    );
    const response = await signIn(token);
    expectCode(response, 401, 'GOOGLE_TOKEN_INVALID');
  });

  it('refuses an unverified email and a credential that is not a JWT', async () => {
    const unverified = await idToken({ sub: 'g-5', email: 'u@gmail.com', email_verified: false });
    expect((await signIn(unverified)).json().code).toBe('GOOGLE_TOKEN_INVALID');
    expect((await signIn('not-a-jwt')).statusCode).toBe(401);
  });

  it.each([
    ['without email_verified', { email_verified: undefined }],
    ['with email_verified "false" as a string', { email_verified: 'false' }],
    ['with email_verified "true" as a string', { email_verified: 'true' }],
  ])('never links a token %s to an existing account', async (_label, claims) => {
    const data = newUserData();
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: data });
    const token = await idToken({ sub: `g-${randomUUID()}`, email: data.email, ...claims });
    expectCode(await signIn(token), 401, 'GOOGLE_TOKEN_INVALID');
    const password = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: data.email, password: data.password },
    });
    expect(password.statusCode).toBe(200);
  });

  it('answers 400 GOOGLE_NOT_CONFIGURED where no client id is set', async () => {
    const plain = await buildTestApp();
    try {
      const response = await plain.app.inject({
        method: 'POST',
        url: '/api/v1/auth/google',
        payload: { credential: 'x' },
      });
      expectCode(response, 400, 'GOOGLE_NOT_CONFIGURED');
      const config = await plain.app.inject({ method: 'GET', url: '/api/v1/config' });
      expect(config.json()).toEqual({ google_client_id: null, min_age: 18 });
    } finally {
      await plain.close();
    }
  });
});

describe('pseudonymBase', () => {
  it.each([
    ['Ada Lovelace', 'AdaLovelace'],
    ['José Álvarez', 'JoseAlvarez'],
    ['李', 'Kind'],
    [undefined, 'Kind'],
    ['Al', 'KindAl'],
    ['A very long display name indeed', 'Averylongdispla'],
  ])('%s → %s', (name, expected) => {
    expect(pseudonymBase(name)).toBe(expected);
  });
});
