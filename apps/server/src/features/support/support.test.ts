import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { expectCode } from '../../../test/expect';
import { type SignedInUser, signUp } from '../../../test/factories';
import { supportTicket } from '../../../test/scenarios';
import { emitAck, nextEvent } from '../../../test/sockets';
import { adminLogs } from '../../db/schema';

const t = useTestApp();
const { api } = t;
let admin: SignedInUser;
beforeAll(async () => {
  admin = await signUp(t.app, { isAdmin: true, realName: 'Alex Admin' });
});

const openTicket = (user: SignedInUser, subject = 'I cannot change my pseudonym') =>
  supportTicket(t.app, user, {
    subject,
    content: 'Hello, every time I try it says it is taken.',
  });
const queue = async (status = 'open') =>
  (await api(admin, 'GET', `/admin/support?status=${status}`)).json().tickets as {
    id: string;
    status: string;
    assigned_to: { id: string } | null;
    user: { pseudonym: string; email: string } | null;
    last_message_preview: string | null;
    is_member: boolean;
  }[];
const send = (user: SignedInUser, id: string, content: string) =>
  api(user, 'POST', `/conversations/${id}/messages`, { content, client_msg_id: randomUUID() });

describe('POST /support and GET /support', () => {
  it('opens a ticket whose first message is in the conversation, listed with its status', async () => {
    const user = await signUp(t.app);
    const ticket = await openTicket(user);
    expect(ticket).toMatchObject({ status: 'open', subject: 'I cannot change my pseudonym' });

    const mine = (await api(user, 'GET', '/support')).json().tickets;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: ticket.id, status: 'open', unread_count: 0 });
    expect(mine[0].last_message_at).not.toBeNull();

    const history = (await api(user, 'GET', `/chat/sessions/${ticket.id}/messages`)).json();
    expect(history.messages).toHaveLength(1);
    expect(history.messages[0]).toMatchObject({
      content: 'Hello, every time I try it says it is taken.',
      is_own_message: true,
    });
    // Support chats do not vanish, and cannot be "ended" like a listening chat.
    const ended = await api(user, 'POST', `/chat/sessions/${ticket.id}/end`);
    expect(ended.statusCode).toBe(404);
  });

  it('refuses a missing or long subject, an empty message, and contact details in it', async () => {
    const user = await signUp(t.app);
    for (const body of [
      { content: 'hi' },
      { subject: ' ', content: 'hi' },
      { subject: 'x'.repeat(121), content: 'hi' },
      { subject: 'Help', content: '' },
      { subject: 'Help', content: 'hi', extra: true },
    ]) {
      const response = await api(user, 'POST', '/support', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().code).toBe('VALIDATION_ERROR');
    }
    const blocked = await api(user, 'POST', '/support', {
      subject: 'Call me',
      content: 'my number is 555-123-4567',
    });
    expectCode(blocked, 422, 'MESSAGE_BLOCKED');
    // A refused first message leaves no empty ticket behind.
    expect((await api(user, 'GET', '/support')).json().tickets).toEqual([]);
  });

  it('keeps each user to their own tickets', async () => {
    const owner = await signUp(t.app);
    const other = await signUp(t.app);
    const ticket = await openTicket(owner);
    expect((await api(other, 'GET', '/support')).json().tickets).toEqual([]);
    const read = await api(other, 'GET', `/chat/sessions/${ticket.id}/messages`);
    expect(read.statusCode).toBe(404);
    const direct = await api(other, 'GET', `/conversations/${ticket.id}/messages`);
    expect([403, 404]).toContain(direct.statusCode);
    expect(direct.body).not.toContain('it says it is taken');
    const write = await send(other, ticket.id, 'let me in');
    expect(write.statusCode).toBe(404);
  });
});

describe('the team answering', () => {
  it('takes a ticket, replies as "Kindred Support", waits on the user, who reopens it by answering', async () => {
    const user = await signUp(t.app);
    const ticket = await openTicket(user);
    const queued = (await queue()).find((q) => q.id === ticket.id);
    expect(queued).toMatchObject({
      assigned_to: null,
      is_member: false,
      user: { pseudonym: user.pseudonym, email: user.email },
      last_message_preview: 'Hello, every time I try it says it is taken.',
    });
    // Before taking it, the admin is not in the conversation.
    expect((await send(admin, ticket.id, 'hi')).statusCode).toBe(404);

    const taken = await api(admin, 'POST', `/admin/support/${ticket.id}/assign`);
    expect(taken.statusCode).toBe(200);
    expect(taken.json().ticket).toMatchObject({
      assigned_to: { id: admin.id, pseudonym: admin.pseudonym },
      is_member: true,
    });
    const reply = await send(admin, ticket.id, 'Thanks for writing. Which name did you try?');
    expect(reply.statusCode).toBe(201);

    const history = (await api(user, 'GET', `/chat/sessions/${ticket.id}/messages`)).json();
    const answer = history.messages.find((m: { is_own_message: boolean }) => !m.is_own_message);
    expect(answer).toMatchObject({ sender_pseudonym: 'Kindred Support' });
    expect(JSON.stringify(history)).not.toContain(admin.pseudonym);
    expect((await api(user, 'GET', '/support')).json().tickets[0].unread_count).toBe(1);

    const waiting = await api(admin, 'PATCH', `/admin/support/${ticket.id}`, {
      status: 'waiting_user',
    });
    expect(waiting.json().ticket.status).toBe('waiting_user');
    expect((await queue('open')).some((q) => q.id === ticket.id)).toBe(false);
    expect((await queue('waiting_user')).some((q) => q.id === ticket.id)).toBe(true);

    expect((await send(user, ticket.id, 'I tried "Sunny"')).statusCode).toBe(201);
    expect((await api(user, 'GET', '/support')).json().tickets[0].status).toBe('open');
    // The team's own reply does not move it.
    await api(admin, 'PATCH', `/admin/support/${ticket.id}`, { status: 'waiting_user' });
    await send(admin, ticket.id, 'Try again now please.');
    expect((await queue('waiting_user')).some((q) => q.id === ticket.id)).toBe(true);

    const logs = await t.app.database.db
      .select()
      .from(adminLogs)
      .where(eq(adminLogs.targetId, ticket.id));
    expect(logs.map((l) => l.action).sort()).toEqual([
      'assign_support_ticket',
      'update_support_ticket',
      'update_support_ticket',
    ]);
    expect(logs.every((l) => l.adminId === admin.id && l.targetType === 'conversation')).toBe(true);
  });

  it('a resolved ticket refuses new messages, over HTTP and socket; the user opens a new one', async () => {
    const user = await signUp(t.app);
    const ticket = await openTicket(user);
    await api(admin, 'POST', `/admin/support/${ticket.id}/assign`);
    const resolved = await api(admin, 'PATCH', `/admin/support/${ticket.id}`, {
      status: 'resolved',
    });
    expect(resolved.json().ticket.status).toBe('resolved');

    const refused = await send(user, ticket.id, 'one more thing');
    expectCode(refused, 409, 'SUPPORT_TICKET_CLOSED');
    const socket = await t.connect(user);
    const ack = await emitAck(socket, 'send_message', {
      session_id: ticket.id,
      content: 'hello?',
      client_msg_id: randomUUID(),
    });
    expect(ack).toMatchObject({ success: false, code: 'SUPPORT_TICKET_CLOSED' });
    expect((await send(admin, ticket.id, 'late reply')).json().code).toBe('SUPPORT_TICKET_CLOSED');

    const second = await openTicket(user, 'Another question');
    expect(second.id).not.toBe(ticket.id);
    const statuses = (await api(user, 'GET', '/support'))
      .json()
      .tickets.map((x: { status: string }) => x.status);
    expect(statuses.sort()).toEqual(['open', 'resolved']);

    // The team may reopen a ticket; then it takes messages again.
    await api(admin, 'PATCH', `/admin/support/${ticket.id}`, { status: 'open' });
    expect((await send(user, ticket.id, 'thanks for reopening')).statusCode).toBe(201);
  });

  it("delivers the admin's reply to the user's socket as Kindred Support", async () => {
    const user = await signUp(t.app);
    const ticket = await openTicket(user);
    await api(admin, 'POST', `/admin/support/${ticket.id}/assign`);
    const userSocket = await t.connect(user);
    const joined = await emitAck<{
      conversation: { members: { pseudonym: string; role: string }[] };
    }>(userSocket, 'join_chat', { session_id: ticket.id });
    const members = (joined as { conversation: { members: { pseudonym: string; role: string }[] } })
      .conversation.members;
    expect(members.find((m) => m.role === 'support')?.pseudonym).toBe('Kindred Support');
    expect(JSON.stringify(joined)).not.toContain(admin.pseudonym);
    const arrived = nextEvent(userSocket, 'new_message');

    const adminSocket = await t.connect(admin);
    const sent = await emitAck(adminSocket, 'send_message', {
      session_id: ticket.id,
      content: 'We are looking into it now.',
      client_msg_id: randomUUID(),
    });
    expect(sent).toMatchObject({ message: { content: 'We are looking into it now.' } });
    const message = await arrived;
    expect(message).toMatchObject({
      content: 'We are looking into it now.',
      sender_pseudonym: 'Kindred Support',
      is_own_message: false,
    });
    expect(JSON.stringify(message)).not.toContain('Alex Admin');
    expect(JSON.stringify(message)).not.toContain(admin.email);
  });

  it("delivers the user's next message to the admin who just took the ticket", async () => {
    const user = await signUp(t.app);
    const ticket = await openTicket(user);
    const adminSocket = await t.connect(admin);
    await api(admin, 'POST', `/admin/support/${ticket.id}/assign`);
    const arrived = nextEvent(adminSocket, 'new_message');
    expect((await send(user, ticket.id, 'Are you there?')).statusCode).toBe(201);
    expect(await arrived).toMatchObject({
      content: 'Are you there?',
      sender_pseudonym: user.pseudonym,
      is_own_message: false,
    });
  });

  it('orders the queue unassigned first, then the longest waiting', async () => {
    const a = await openTicket(await signUp(t.app), 'first');
    const b = await openTicket(await signUp(t.app), 'second');
    await api(admin, 'POST', `/admin/support/${a.id}/assign`);
    const ids = (await queue()).map((q) => q.id);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
    const unassigned = (await queue()).filter((q) => !q.assigned_to).map((q) => q.id);
    expect(unassigned.at(-1)).toBe(b.id);
  });

  it('refuses non-admins, bad ids, unknown tickets and bad statuses', async () => {
    const user = await signUp(t.app);
    const ticket = await openTicket(user);
    for (const [method, path, body] of [
      ['GET', '/admin/support', undefined],
      ['POST', `/admin/support/${ticket.id}/assign`, undefined],
      ['PATCH', `/admin/support/${ticket.id}`, { status: 'resolved' }],
    ] as const) {
      const response = await api(user, method, path, body);
      expect(response.statusCode, path).toBe(403);
      expect(response.json().code).toBe('ADMIN_REQUIRED');
    }
    expect((await api(admin, 'POST', '/admin/support/nope/assign')).statusCode).toBe(400);
    expect((await api(admin, 'PATCH', `/admin/support/nope`, { status: 'open' })).statusCode).toBe(
      400,
    );
    const unknown = randomUUID();
    expect((await api(admin, 'POST', `/admin/support/${unknown}/assign`)).statusCode).toBe(404);
    expect(
      (await api(admin, 'PATCH', `/admin/support/${unknown}`, { status: 'open' })).statusCode,
    ).toBe(404);
    for (const body of [{ status: 'closed' }, {}, { status: 'open', extra: 1 }]) {
      const response = await api(admin, 'PATCH', `/admin/support/${ticket.id}`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await api(admin, 'GET', '/admin/support?status=closed')).statusCode).toBe(400);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/support' });
    expect(anonymous.statusCode).toBe(401);
  });
});
