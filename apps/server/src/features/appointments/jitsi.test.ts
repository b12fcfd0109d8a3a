import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { type JitsiRoom, jitsiRoomResponseSchema } from '@kindred/protocol';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { book, bookableListener } from '../../../test/bookings';
import { expectCode } from '../../../test/expect';
import { type SignedInUser, signInAgain, signUp } from '../../../test/factories';
import { ConfigError, loadConfig } from '../../config';
import { ManualClock } from '../../lib/clock';

const START = '2026-03-16T10:00:00.000Z';
const END = '2026-03-16T10:50:00.000Z';
const seconds = (iso: string) => Date.parse(iso) / 1000;

/** The app of one describe block, on its own clock, with these JITSI_* settings. */
function setting(env: Record<string, string>) {
  const clock = new ManualClock(new Date('2026-03-16T08:00:00Z'));
  const t = useTestApp({
    clock,
    env: { APPOINTMENT_REMINDER_CHECK_SECONDS: '0', STALE_CHECK_INTERVAL_SECONDS: '0', ...env },
  });
  /** Moves the clock to `iso` (forward only) and signs the people in again. */
  async function at(iso: string, ...people: SignedInUser[]) {
    clock.advance(Date.parse(iso) - clock.now().getTime());
    await signInAgain(t.app, ...people);
  }
  async function room(user: SignedInUser, appointmentId: string): Promise<JitsiRoom> {
    const response = await t.api(user, 'GET', `/jitsi/room/${appointmentId}`);
    expect(response.statusCode, response.body).toBe(200);
    return jitsiRoomResponseSchema.parse(response.json()).room;
  }
  /** A sharer's booking with a listener (at 10:00–10:50 on the test's Monday unless given). */
  async function session(start = START) {
    const listener = await bookableListener(t.app);
    const sharer = await signUp(t.app);
    const appointment = await book(t.app, sharer, listener, start);
    return { listener, sharer, appointment };
  }
  return { t, clock, at, room, session };
}

describe('video rooms on the public meet.jit.si (no configuration)', () => {
  const { t, at, room, session } = setting({});

  it('gives both members the unguessable room at any time, says it is public, and no token', async () => {
    const { listener, sharer, appointment } = await session();
    const early = await room(sharer, appointment.id);
    expect(early).toMatchObject({
      appointment_id: appointment.id,
      domain: 'meet.jit.si',
      available_from: '2026-03-16T09:50:00.000Z',
      available_until: END,
      open: false,
      jwt: null,
      auth: 'none',
      public_server: true,
      moderator: false,
      external_api_url: null,
    });
    // 160 random bits, hex: case-insensitive room names lose nothing.
    expect(early.room).toMatch(/^[0-9a-f]{40}$/);
    expect(early.url).toBe(`https://meet.jit.si/${early.room}`);
    expect((await room(listener, appointment.id)).moderator).toBe(true);
    const other = await session();
    expect((await room(other.sharer, other.appointment.id)).room).not.toBe(early.room);

    await at('2026-03-16T09:55:00Z', sharer);
    const open = await t.api(sharer, 'POST', '/jitsi/create-room', {
      appointment_id: appointment.id,
    });
    expect(open.statusCode, open.body).toBe(200);
    expect(jitsiRoomResponseSchema.parse(open.json()).room).toMatchObject({
      room: early.room,
      open: true,
      jwt: null,
    });
  });

  it('nobody else learns the room: 404, and 400 for a malformed id', async () => {
    const { appointment } = await session('2026-03-17T10:00:00Z');
    for (const who of [await signUp(t.app), await signUp(t.app, { isAdmin: true })]) {
      expectCode(await t.api(who, 'GET', `/jitsi/room/${appointment.id}`), 404, 'NOT_FOUND');
      expectCode(
        await t.api(who, 'POST', '/jitsi/create-room', { appointment_id: appointment.id }),
        404,
        'NOT_FOUND',
      );
    }
    const someone = await signUp(t.app);
    expectCode(await t.api(someone, 'GET', '/jitsi/room/not-a-uuid'), 400, 'VALIDATION_ERROR');
    expectCode(
      await t.api(someone, 'POST', '/jitsi/create-room', { appointment_id: 'x' }),
      400,
      'VALIDATION_ERROR',
    );
  });
});

describe('video rooms on our own Jitsi with token auth (HS256)', () => {
  const secret = randomBytes(32).toString('hex');
  const { t, at, room, session } = setting({
    JITSI_DOMAIN: 'meet.kindred.test',
    JITSI_APP_ID: 'kindred',
    JITSI_APP_SECRET: secret,
    JITSI_TOKEN_GRACE_MINUTES: '20',
  });

  it('a token only from 10 minutes before the start to the end, verified with each claim', async () => {
    const { listener, sharer, appointment } = await session();
    const before = await room(sharer, appointment.id);
    expect(before).toMatchObject({ open: false, jwt: null, auth: 'jwt', public_server: false });
    expect(before.url).toBe(`https://meet.kindred.test/${before.room}`);
    expect(before.external_api_url).toBe('https://meet.kindred.test/external_api.js');

    await at('2026-03-16T09:49:59Z', sharer, listener);
    expect((await room(sharer, appointment.id)).jwt).toBeNull();

    await at('2026-03-16T09:50:00Z', sharer, listener);
    const forSharer = await room(sharer, appointment.id);
    const forListener = await room(listener, appointment.id);
    expect(forSharer.open).toBe(true);
    expect(forSharer.url).toBe(`https://meet.kindred.test/${before.room}?jwt=${forSharer.jwt}`);
    const key = new TextEncoder().encode(secret);
    const verify = (token: string) =>
      jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer: 'kindred',
        audience: 'jitsi',
        subject: 'meet.kindred.test',
        currentDate: new Date('2026-03-16T09:50:00Z'),
      });
    const sharerToken = await verify(forSharer.jwt!);
    const listenerToken = await verify(forListener.jwt!);
    expect(sharerToken.protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(sharerToken.payload).toEqual({
      iss: 'kindred',
      aud: 'jitsi',
      sub: 'meet.kindred.test',
      room: before.room,
      iat: seconds('2026-03-16T09:50:00Z'),
      nbf: seconds('2026-03-16T09:50:00Z'),
      exp: seconds(END) + 20 * 60,
      moderator: false,
      context: {
        user: {
          id: expect.stringMatching(/^[0-9a-f]{32}$/),
          name: sharer.pseudonym,
          moderator: false,
          affiliation: 'member',
        },
      },
    });
    expect(listenerToken.payload).toMatchObject({
      moderator: true,
      context: { user: { name: listener.pseudonym, moderator: true, affiliation: 'owner' } },
    });
    // The id means nothing outside this room: not the account id, different per member.
    const ids = [sharerToken.payload, listenerToken.payload].map(
      (p) => (p.context as { user: { id: string } }).user.id,
    );
    expect(ids[0]).not.toBe(ids[1]);
    for (const token of [forSharer.jwt!, forListener.jwt!]) {
      const text = Buffer.from(token.split('.')[1]!, 'base64url').toString();
      for (const secretThing of [sharer.email, listener.email, sharer.id, listener.id]) {
        expect(text).not.toContain(secretThing);
      }
    }
    // Signed with another secret, it is refused.
    await expect(
      jwtVerify(forSharer.jwt!, new TextEncoder().encode('x'.repeat(64)), {
        currentDate: new Date('2026-03-16T09:50:00Z'),
      }),
    ).rejects.toThrow();

    await at('2026-03-16T10:49:00Z', sharer);
    expect((await room(sharer, appointment.id)).jwt).not.toBeNull();
    await at(END, sharer, listener);
    expect(await room(sharer, appointment.id)).toMatchObject({ open: false, jwt: null });
    expectCode(
      await t.api(sharer, 'POST', '/jitsi/create-room', { appointment_id: appointment.id }),
      409,
      'APPOINTMENT_CLOSED',
    );
  });

  it('a cancelled session has no token and cannot be opened', async () => {
    const { sharer, appointment } = await session('2026-03-17T11:00:00Z');
    await t.api(sharer, 'DELETE', `/appointments/${appointment.id}`, { reason: 'Clash' });
    expect(await room(sharer, appointment.id)).toMatchObject({ open: false, jwt: null });
    expectCode(
      await t.api(sharer, 'POST', '/jitsi/create-room', { appointment_id: appointment.id }),
      409,
      'APPOINTMENT_CLOSED',
    );
  });
});

describe('video rooms on JaaS (RS256)', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const tenant = `vpaas-magic-cookie-${randomBytes(16).toString('hex')}`;
  const kid = `${tenant}/4f4910`;
  const { at, room, session } = setting({
    JITSI_KID: kid,
    // As operators often give it: one line, with \n for the line breaks.
    JITSI_PRIVATE_KEY: privateKey
      .export({ type: 'pkcs8', format: 'pem' })
      .toString()
      .replace(/\n/g, '\\n'),
  });

  it('signs each member a JaaS token that the public key verifies, claim by claim', async () => {
    const { listener, sharer, appointment } = await session();
    await at('2026-03-16T09:58:00Z', sharer, listener);
    const forListener = await room(listener, appointment.id);
    expect(forListener).toMatchObject({
      domain: '8x8.vc',
      auth: 'jaas',
      open: true,
      moderator: true,
      external_api_url: `https://8x8.vc/${tenant}/external_api.js`,
    });
    const name = forListener.room.split('/')[1]!;
    expect(forListener.room).toBe(`${tenant}/${name}`);
    expect(name).toMatch(/^[0-9a-f]{40}$/);
    expect(forListener.url).toBe(`https://8x8.vc/${tenant}/${name}?jwt=${forListener.jwt}`);
    expect(decodeProtectedHeader(forListener.jwt!)).toEqual({ alg: 'RS256', kid, typ: 'JWT' });
    const key = await importSPKI(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      'RS256',
    );
    const { payload } = await jwtVerify(forListener.jwt!, key, {
      algorithms: ['RS256'],
      issuer: 'chat',
      audience: 'jitsi',
      subject: tenant,
      currentDate: new Date('2026-03-16T09:58:00Z'),
    });
    expect(payload).toEqual({
      iss: 'chat',
      aud: 'jitsi',
      sub: tenant,
      room: name,
      iat: seconds('2026-03-16T09:58:00Z'),
      nbf: seconds('2026-03-16T09:50:00Z'),
      exp: seconds(END) + 30 * 60,
      context: {
        user: {
          id: expect.stringMatching(/^[0-9a-f]{32}$/),
          name: listener.pseudonym,
          moderator: true,
          affiliation: 'owner',
        },
        features: {
          recording: false,
          livestreaming: false,
          transcription: false,
          'outbound-call': false,
          'sip-outbound-call': false,
        },
      },
    });
    const forSharer = await room(sharer, appointment.id);
    const sharerPayload = (
      await jwtVerify(forSharer.jwt!, key, { currentDate: new Date('2026-03-16T09:58:00Z') })
    ).payload as { context: { user: { moderator: boolean; name: string } } };
    expect(sharerPayload.context.user).toMatchObject({ moderator: false, name: sharer.pseudonym });
  });
});

describe('Jitsi configuration', () => {
  const base = {
    NODE_ENV: 'test',
    DATA_DIR: '/tmp/kindred-config-test',
    JWT_SECRET: 'x'.repeat(40),
  };
  it.each([
    [{ JITSI_APP_ID: 'kindred', JITSI_APP_SECRET: 'y'.repeat(32) }, 'JITSI_DOMAIN'],
    [{ JITSI_APP_SECRET: 'y'.repeat(32), JITSI_DOMAIN: 'meet.example.org' }, 'JITSI_APP_ID'],
    [{ JITSI_APP_ID: 'kindred', JITSI_APP_SECRET: 'short' }, 'JITSI_APP_SECRET'],
    [{ JITSI_KID: 'vpaas-magic-cookie-abc/123' }, 'JITSI_PRIVATE_KEY'],
    [
      { JITSI_KID: 'vpaas-magic-cookie-abc/123', JITSI_PRIVATE_KEY: 'not a key' },
      'JITSI_PRIVATE_KEY',
    ],
  ])('refuses a half-given setting %j, naming %s', (env, variable) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(variable);
  });

  it('uses the public server without configuration, and a JaaS tenant from the kid', () => {
    expect(loadConfig(base).jitsi).toMatchObject({ mode: 'public', domain: 'meet.jit.si' });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jaas = loadConfig({
      ...base,
      JITSI_KID: 'vpaas-magic-cookie-abc/123',
      JITSI_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    }).jitsi;
    expect(jaas).toMatchObject({ mode: 'jaas', domain: '8x8.vc', appId: 'vpaas-magic-cookie-abc' });
  });
});
