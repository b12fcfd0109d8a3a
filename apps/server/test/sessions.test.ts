/**
 * A session that ends takes its sockets with it: logout, account erasure and a replayed refresh
 * token disconnect the sockets they concern and refuse their access tokens on every route and on
 * new sockets; a socket whose token expires is asked to renew it and closed if it does not.
 */
import type { LoginResponse } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock';
import { RENEWAL_LEAD_MS } from '../src/realtime/gateway';
import { useTestApp } from './app';
import { logIn, PASSWORD, signUp } from './factories';
import { closedByServer, connect, emitAck, failed, nextEvent, sleep } from './sockets';

const clock = new ManualClock();
const t = useTestApp({ clock });

/** A second sign-in of the same person (another device): its own session. */
async function secondDevice(user: { email: string }) {
  const response = await logIn(t.app, user);
  expect(response.statusCode).toBe(200);
  return response.json() as LoginResponse;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const get = (url: string, token: string) =>
  t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token) });

describe('logout', () => {
  it('disconnects that session’s sockets, not the other device’s, and its token stops working', async () => {
    const user = await signUp(t.app);
    const other = await secondDevice(user);
    const phone = await t.connect(user);
    const laptop = await connect(t.url, other.access_token);

    const ended = nextEvent(phone, 'session_ended');
    const closed = closedByServer(phone);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      payload: { refresh_token: user.login.refresh_token },
    });
    expect(response.statusCode).toBe(200);
    expect(await ended).toEqual({ reason: 'logged_out' });
    expect(await closed).toBe('io server disconnect');

    // The unexpired access token from before logout: refused on HTTP and for new sockets.
    expect((await get('/users/me', user.login.access_token)).json().code).toBe('INVALID_TOKEN');
    await expect(t.connect(user)).rejects.toMatchObject({ data: { code: 'INVALID_TOKEN' } });

    // The other device's session goes on.
    expect(laptop.connected).toBe(true);
    expect((await get('/users/me', other.access_token)).statusCode).toBe(200);
    expect((await emitAck(laptop, 'watch_listeners', {})).success).toBe(true);
  });

  it('ends the session of the access token when no refresh token is given', async () => {
    const user = await signUp(t.app);
    const socket = await t.connect(user);
    const closed = closedByServer(socket);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: user.headers,
    });
    expect(response.statusCode).toBe(200);
    await closed;
    expect((await get('/users/me', user.login.access_token)).statusCode).toBe(401);
    // Its refresh token went with it.
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refresh_token: user.login.refresh_token },
    });
    expect(refreshed.statusCode).toBe(401);
  });
});

describe('account deletion', () => {
  it('disconnects every device and refuses the token on every route at once', async () => {
    const user = await signUp(t.app);
    const other = await secondDevice(user);
    const partner = await signUp(t.app);
    const sockets = [await t.connect(user), await connect(t.url, other.access_token)];
    const closed = sockets.map((socket) => closedByServer(socket));
    const told = sockets.map((socket) => nextEvent(socket, 'session_ended'));

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/users/me',
      headers: user.headers,
      payload: { password: PASSWORD },
    });
    expect(deleted.statusCode).toBe(200);
    expect(await Promise.all(told)).toEqual([
      { reason: 'account_deleted' },
      { reason: 'account_deleted' },
    ]);
    await Promise.all(closed);

    for (const url of ['/conversations', '/support', '/users/me', '/notifications']) {
      for (const token of [user.login.access_token, other.access_token]) {
        const response = await get(url, token);
        expect(response.statusCode, url).toBe(401);
        expect(response.json().code, url).toBe('INVALID_TOKEN');
      }
    }
    const send = await t.app.inject({
      method: 'POST',
      url: '/api/v1/messages/request',
      headers: user.headers,
      payload: { receiver_id: partner.id, content: 'hello' },
    });
    expect(send.statusCode).toBe(401);
    await expect(t.connect(user)).rejects.toMatchObject({ data: { code: 'INVALID_TOKEN' } });
  });
});

describe('a replayed refresh token', () => {
  it('revokes the family: its sockets are disconnected and its access token refused', async () => {
    const user = await signUp(t.app);
    const socket = await t.connect(user);
    const rotate = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        payload: { refresh_token: user.login.refresh_token },
      });
    const rotated = await rotate();
    expect(rotated.statusCode).toBe(200);
    const thief = await connect(t.url, rotated.json().access_token as string);

    const told = [nextEvent(socket, 'session_ended'), nextEvent(thief, 'session_ended')];
    const replay = await rotate();
    expect(replay.json().code).toBe('REFRESH_TOKEN_REUSED');
    expect(await Promise.all(told)).toEqual([{ reason: 'revoked' }, { reason: 'revoked' }]);
    expect((await get('/users/me', rotated.json().access_token as string)).json().code).toBe(
      'INVALID_TOKEN',
    );
  });
});

describe('an access token that expires under an open socket', () => {
  it('asks for a fresh token; a renewed socket stays, one that does not answer is closed', async () => {
    const user = await signUp(t.app);
    const renewing = await t.connect(user);
    const silent = await t.connect(user);
    const asked = [nextEvent(renewing, 'token_expiring'), nextEvent(silent, 'token_expiring')];

    clock.advance(15 * 60_000 - RENEWAL_LEAD_MS + 1_000);
    const [ask] = await Promise.all(asked);
    expect(new Date(ask!.expires_at).getTime()).toBeGreaterThan(clock.now().getTime());

    // Another person's token is no renewal.
    const stranger = await signUp(t.app);
    expect(
      failed(await emitAck(renewing, 'reauthenticate', { token: stranger.login.access_token }))
        .code,
    ).toBe('INVALID_TOKEN');
    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refresh_token: user.login.refresh_token },
    });
    const fresh = refreshed.json().access_token as string;
    const renewed = await emitAck<{ expires_at: string }>(renewing, 'reauthenticate', {
      token: fresh,
    });
    expect(renewed.success).toBe(true);

    const silentClosed = closedByServer(silent);
    const silentTold = nextEvent(silent, 'session_ended');
    clock.advance(RENEWAL_LEAD_MS);
    expect(await silentTold).toEqual({ reason: 'expired' });
    await silentClosed;
    await sleep(1_500);
    expect(renewing.connected).toBe(true);
    expect((await emitAck(renewing, 'watch_listeners', {})).success).toBe(true);

    // The renewed token belongs to the refreshed session: logging it out closes the socket.
    const closed = closedByServer(renewing);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(fresh) });
    await closed;
  });
});
