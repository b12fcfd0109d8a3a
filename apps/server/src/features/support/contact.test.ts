/** The signed-out contact form: stored as a ticket, refused when malformed, rate limited. */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { contactRequests } from '../../db/schema';

const t = useTestApp({ env: { RATE_LIMIT_CONTACT_PER_HOUR: '2' } });
const send = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/contact', payload, remoteAddress: '10.9.8.7' });

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
