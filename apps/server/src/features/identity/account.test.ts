/**
 * Account recovery and security against a real SMTP server: a reset link works once, within 30
 * minutes, and ends every old session (HTTP and sockets); verification and change of address by
 * mailed links; password change; the signed-in devices list.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { logIn, PASSWORD, signUp } from '../../../test/factories';
import { type ReceivedMail, useMailServer } from '../../../test/mail-server';
import { closedByServer, nextEvent, sleep } from '../../../test/sockets';
import { ManualClock } from '../../lib/clock';

const clock = new ManualClock();
const mail = useMailServer();
const t = useTestApp(() => ({ clock, env: { SMTP_URL: mail.url } }));

const NEW_PASSWORD = 'Another-Horse-42';
const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers });

/** The one mail to `to` with this subject, and the token of its link. */
async function linkIn(to: string, subject: string): Promise<{ mail: ReceivedMail; token: string }> {
  const [found] = await mail.waitFor((m) => m.to.includes(to) && m.subject === subject);
  const url = /https?:\/\/\S+\?token=([\w%-]+)/.exec(found!.text);
  expect(url, 'the mail carries a link').not.toBeNull();
  return { mail: found!, token: decodeURIComponent(url![1]!) };
}
const mailsTo = (to: string) => mail.messages.filter((m) => m.to.includes(to));

describe('forgot and reset password', () => {
  it('mails a link that works once, and ends every old session, HTTP and socket', async () => {
    const user = await signUp(t.app);
    const socket = await t.connect(user);
    const ended = nextEvent(socket, 'session_ended');
    const closed = closedByServer(socket);

    const asked = await post('/auth/forgot-password', { email: user.email.toUpperCase() });
    expect(asked.statusCode).toBe(202);
    const { token } = await linkIn(user.email, 'Reset your Kindred password');

    const reset = await post('/auth/reset-password', { token, password: NEW_PASSWORD });
    expect(reset.statusCode).toBe(200);
    expect(await ended).toEqual({ reason: 'revoked' });
    expect(await closed).toBe('io server disconnect');
    expectCode(await t.api(user, 'GET', '/users/me'), 401, 'INVALID_TOKEN');
    const refreshed = await post('/auth/refresh', { refresh_token: user.login.refresh_token });
    expect(refreshed.statusCode).toBe(401);

    expectCode(await logIn(t.app, user), 401, 'INVALID_CREDENTIALS');
    expect((await logIn(t.app, { ...user, password: NEW_PASSWORD })).statusCode).toBe(200);
    // The owner is told that the password changed.
    await mail.waitFor((m) => m.to.includes(user.email) && /password was changed/.test(m.subject!));

    // The same link a second time: refused, and the password stays as it is.
    expectCode(
      await post('/auth/reset-password', { token, password: 'Third-Horse-77' }),
      400,
      'LINK_INVALID',
    );
    expect((await logIn(t.app, { ...user, password: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('answers the same for an unknown or unverified address, and mails nothing', async () => {
    const unverified = await signUp(t.app, { verified: false });
    await linkIn(unverified.email, 'Confirm your e-mail address for Kindred');
    const known = await post('/auth/forgot-password', { email: unverified.email });
    const unknown = await post('/auth/forgot-password', { email: 'nobody-here@example.org' });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.json()).toEqual(unknown.json());
    await sleep(300);
    expect(mailsTo('nobody-here@example.org')).toHaveLength(0);
    expect(mailsTo(unverified.email).map((m) => m.subject)).toEqual([
      'Confirm your e-mail address for Kindred',
    ]);
  });

  it('refuses a link after 30 minutes, and an older link once a newer one was sent', async () => {
    const user = await signUp(t.app);
    await post('/auth/forgot-password', { email: user.email });
    const first = await linkIn(user.email, 'Reset your Kindred password');
    await post('/auth/forgot-password', { email: user.email });
    const resets = await mail.waitFor(
      (m) => m.to.includes(user.email) && m.subject === 'Reset your Kindred password',
      { count: 2 },
    );
    const second = resets[1]!.text.match(/token=([\w%-]+)/)![1]!;
    expectCode(
      await post('/auth/reset-password', { token: first.token, password: NEW_PASSWORD }),
      400,
      'LINK_INVALID',
    );
    clock.advance(31 * 60 * 1000);
    try {
      expectCode(
        await post('/auth/reset-password', { token: second, password: NEW_PASSWORD }),
        400,
        'LINK_INVALID',
      );
    } finally {
      clock.advance(-31 * 60 * 1000);
    }
    expect((await logIn(t.app, user)).statusCode).toBe(200);
  });

  it('refuses bad bodies with the field at fault', async () => {
    expectCode(
      await post('/auth/forgot-password', { email: 'not-an-address' }),
      400,
      'VALIDATION_ERROR',
    );
    expectCode(await post('/auth/forgot-password', {}), 400, 'VALIDATION_ERROR');
    expectCode(
      await post('/auth/reset-password', { token: 'x'.repeat(43), password: 'short' }),
      400,
      'VALIDATION_ERROR',
    );
    expectCode(
      await post('/auth/reset-password', { token: 'x'.repeat(43), password: NEW_PASSWORD }),
      400,
      'LINK_INVALID',
    );
  });
});

describe('e-mail verification', () => {
  it('is mailed at sign-up; the link confirms the address once; e-mail notifications wait for it', async () => {
    const user = await signUp(t.app, { verified: false });
    const { token } = await linkIn(user.email, 'Confirm your e-mail address for Kindred');
    const verified = await post('/auth/verify-email', { token });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toEqual({ email: user.email });
    expectCode(await post('/auth/verify-email', { token }), 400, 'LINK_INVALID');
    // Now a reset can be mailed.
    await post('/auth/forgot-password', { email: user.email });
    await linkIn(user.email, 'Reset your Kindred password');
  });

  it('sends a new link on request, which retires the old one; signed out it is refused', async () => {
    const user = await signUp(t.app, { verified: false });
    const first = await linkIn(user.email, 'Confirm your e-mail address for Kindred');
    expect((await t.api(user, 'POST', '/auth/verify-email/resend')).statusCode).toBe(202);
    await mail.waitFor((m) => m.to.includes(user.email), { count: 2 });
    expectCode(await post('/auth/verify-email', { token: first.token }), 400, 'LINK_INVALID');
    expectCode(await post('/auth/verify-email/resend', {}), 401, 'UNAUTHENTICATED');
  });
});

describe('change password and address', () => {
  it('needs the current password; other devices are signed out, this one stays', async () => {
    const user = await signUp(t.app);
    const other = (await logIn(t.app, user)).json();
    const wrong = await t.api(user, 'POST', '/auth/change-password', {
      current_password: 'Not-The-One-1',
      new_password: NEW_PASSWORD,
    });
    expectCode(wrong, 403, 'INVALID_CREDENTIALS');
    const changed = await t.api(user, 'POST', '/auth/change-password', {
      current_password: PASSWORD,
      new_password: NEW_PASSWORD,
    });
    expect(changed.statusCode).toBe(200);
    expect((await t.api(user, 'GET', '/users/me')).statusCode).toBe(200);
    const otherMe = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${other.access_token}` },
    });
    expectCode(otherMe, 401, 'INVALID_TOKEN');
    expectCode(await logIn(t.app, user), 401, 'INVALID_CREDENTIALS');
  });

  it('moves to a new address only once it is confirmed there; the old address is told', async () => {
    const user = await signUp(t.app);
    const next = `moved-${user.pseudonym.toLowerCase()}@example.org`;
    const wrong = await t.api(user, 'POST', '/auth/change-email', {
      email: next,
      password: 'Not-The-One-1',
    });
    expectCode(wrong, 403, 'INVALID_CREDENTIALS');
    const asked = await t.api(user, 'POST', '/auth/change-email', {
      email: next,
      password: PASSWORD,
    });
    expect(asked.statusCode).toBe(202);
    expect((await t.api(user, 'GET', '/users/me')).json().email).toBe(user.email);
    const { token } = await linkIn(next, 'Confirm your new e-mail address for Kindred');
    expect((await post('/auth/verify-email', { token })).statusCode).toBe(200);
    expect((await t.api(user, 'GET', '/users/me')).json().email).toBe(next);
    await mail.waitFor((m) => m.to.includes(user.email) && /address was changed/.test(m.subject!));
    expect((await logIn(t.app, { email: next })).statusCode).toBe(200);
  });
});

describe('signed-in devices', () => {
  it('lists each sign-in with its browser, and signs one or all others out', async () => {
    const user = await signUp(t.app);
    const phone = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: PASSWORD },
      headers: {
        'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36',
      },
    });
    const phoneToken = phone.json().access_token as string;
    const listed = await t.api(user, 'GET', '/users/me/sessions');
    expect(listed.statusCode).toBe(200);
    const sessions = listed.json().sessions as { id: string; device: string; current: boolean }[];
    expect(sessions).toHaveLength(2);
    const phoneSession = sessions.find((s) => s.device === 'Chrome on Android')!;
    expect(phoneSession.current).toBe(false);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);

    expect((await t.api(user, 'DELETE', `/users/me/sessions/${phoneSession.id}`)).statusCode).toBe(
      200,
    );
    const phoneMe = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      headers: { authorization: `Bearer ${phoneToken}` },
    });
    expectCode(phoneMe, 401, 'INVALID_TOKEN');
    expect((await t.api(user, 'GET', '/users/me/sessions')).json().sessions).toHaveLength(1);

    // Someone else's session, or none: not found. A malformed id: a validation error.
    const stranger = await signUp(t.app);
    const theirs = (await t.api(stranger, 'GET', '/users/me/sessions')).json().sessions[0].id;
    expectCode(await t.api(user, 'DELETE', `/users/me/sessions/${theirs}`), 404, 'NOT_FOUND');
    expectCode(await t.api(user, 'DELETE', '/users/me/sessions/nope'), 400, 'VALIDATION_ERROR');

    await logIn(t.app, user);
    const all = await t.api(user, 'DELETE', '/users/me/sessions');
    expect(all.json()).toEqual({ revoked: 1 });
    expect((await t.api(user, 'GET', '/users/me')).statusCode).toBe(200);
    expectCode(
      await t.app.inject({ method: 'GET', url: '/api/v1/users/me/sessions' }),
      401,
      'UNAUTHENTICATED',
    );
  });
});
