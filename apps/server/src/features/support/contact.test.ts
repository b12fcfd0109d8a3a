/** The signed-out contact form: stored as a ticket, refused when malformed, rate limited. */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { signUp } from '../../../test/factories';
import { contactRequests } from '../../db/schema';

const t = useTestApp({ env: { RATE_LIMIT_CONTACT_PER_HOUR: '2' } });
const send = (payload: object, remoteAddress = '10.9.8.7') =>
  t.app.inject({ method: 'POST', url: '/api/v1/contact', payload, remoteAddress });

describe('POST /contact', () => {
  it('stores a message without sign-in, refuses bad bodies, and limits each address', async () => {
    expectCode(await send({ email: 'nope', subject: 'Hi', message: 'x' }), 400, 'VALIDATION_ERROR');
    const body = {
      email: 'Locked.Out@example.org',
      subject: 'I cannot sign in',
      message: 'My account was suspended and I think it is a mistake.',
    };
    const sent = await send(body);
    expect(sent.statusCode).toBe(202);
    const stored = await t.app.database.db.select().from(contactRequests);
    expect(stored).toMatchObject([
      {
        id: sent.json().id,
        email: 'locked.out@example.org',
        subject: body.subject,
        status: 'open',
      },
    ]);
    expect((await send(body)).statusCode).toBe(202);
    expectCode(await send(body), 429, 'RATE_LIMITED');
  });
});

describe('/admin/contact-requests', () => {
  it('shows admins the open messages, oldest first, and marks one resolved', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const first = await send(
      {
        email: 'banned.person@example.org',
        name: 'Robin',
        subject: 'Why was I banned?',
        message: 'Please tell me what happened.',
      },
      '10.9.8.8',
    );
    const open = await t.api(admin, 'GET', '/admin/contact-requests');
    expect(open.statusCode).toBe(200);
    const listed = open.json().requests;
    expect(listed.at(-1)).toMatchObject({
      id: first.json().id,
      email: 'banned.person@example.org',
      name: 'Robin',
      subject: 'Why was I banned?',
      message: 'Please tell me what happened.',
      status: 'open',
    });
    expect(Date.parse(listed.at(-1).created_at)).not.toBeNaN();

    const resolved = await t.api(admin, 'PATCH', `/admin/contact-requests/${first.json().id}`, {
      status: 'resolved',
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json().request).toMatchObject({ id: first.json().id, status: 'resolved' });
    const stillOpen = (await t.api(admin, 'GET', '/admin/contact-requests')).json().requests;
    expect(stillOpen.map((r: { id: string }) => r.id)).not.toContain(first.json().id);
    const done = (await t.api(admin, 'GET', '/admin/contact-requests?status=resolved')).json();
    expect(done.requests.map((r: { id: string }) => r.id)).toContain(first.json().id);
    // The change is in the audit log, with who made it.
    const logs = (await t.api(admin, 'GET', `/admin/logs?target_id=${first.json().id}`)).json();
    expect(logs.logs).toEqual([
      expect.objectContaining({
        action: 'update_contact_request',
        target_type: 'contact_request',
        admin: expect.objectContaining({ id: admin.id }),
        details: { to: 'resolved' },
      }),
    ]);
  });

  it('refuses people who are not admins, unknown ids and bad input', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const user = await signUp(t.app);
    expectCode(await t.api(user, 'GET', '/admin/contact-requests'), 403, 'ADMIN_REQUIRED');
    const anyId = '00000000-0000-4000-8000-000000000000';
    expectCode(
      await t.api(admin, 'PATCH', `/admin/contact-requests/${anyId}`, { status: 'resolved' }),
      404,
      'NOT_FOUND',
    );
    expectCode(
      await t.api(admin, 'PATCH', `/admin/contact-requests/${anyId}`, { status: 'closed' }),
      400,
      'VALIDATION_ERROR',
    );
    expectCode(
      await t.api(admin, 'GET', '/admin/contact-requests?status=everything'),
      400,
      'VALIDATION_ERROR',
    );
    expectCode(
      await t.api(admin, 'PATCH', '/admin/contact-requests/not-a-uuid', { status: 'open' }),
      400,
      'VALIDATION_ERROR',
    );
  });
});
