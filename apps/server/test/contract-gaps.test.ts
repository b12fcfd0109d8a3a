/**
 * Read receipts by message id (`mark_read { message_id }`, `message_read` with who and when),
 * `read_at` in message history, the list of blocked users, and an admin erasing an account.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './app';
import { logIn, PASSWORD, signUp } from './factories';
import { storedDirectChat } from './scenarios';
import { emitAck, failed, nextEvent } from './sockets';

const t = useTestApp();

const send = async (socket: Awaited<ReturnType<typeof t.connect>>, id: string, content: string) => {
  const ack = await emitAck<{ message: { id: string; seq: number } }>(socket, 'send_message', {
    session_id: id,
    content,
    client_msg_id: randomUUID(),
  });
  if (!ack.success) throw new Error(JSON.stringify(ack));
  return ack.message;
};

describe('read receipts by message id', () => {
  it('mark_read { message_id } moves the marker; message_read says which, who and when', async () => {
    const { a, b, id } = await storedDirectChat(t.app);
    const aSocket = await t.connect(a);
    const bSocket = await t.connect(b);
    const first = await send(bSocket, id, 'first');
    const second = await send(bSocket, id, 'second');
    const third = await send(bSocket, id, 'third');

    const told = nextEvent(bSocket, 'message_read');
    const ack = await emitAck<{ last_read_seq: number; message_id: string; read_at: string }>(
      aSocket,
      'mark_read',
      { message_id: second.id },
    );
    expect(ack).toMatchObject({
      success: true,
      session_id: id,
      last_read_seq: second.seq,
      message_id: second.id,
    });
    const receipt = await told;
    expect(receipt).toMatchObject({
      session_id: id,
      user_id: a.id,
      read_by: a.id,
      message_id: second.id,
      last_read_seq: second.seq,
    });
    expect(Date.parse(receipt.read_at!)).not.toBeNaN();

    // History (seed 004's and the core's) fills read_at for what was read, not for the rest.
    const history = (await t.api(b, 'GET', `/conversations/${id}/messages`)).json().data.messages;
    const byId = new Map(history.map((m: { id: string }) => [m.id, m]));
    expect(byId.get(first.id)).toMatchObject({ is_read: true, read_at: receipt.read_at });
    expect(byId.get(second.id)).toMatchObject({ is_read: true, read_at: receipt.read_at });
    expect(byId.get(third.id)).toMatchObject({ is_read: false, read_at: null });
    const core = (await t.api(b, 'GET', `/chat/sessions/${id}/messages`)).json().messages;
    expect(core.find((m: { id: string }) => m.id === first.id).read_at).toBe(receipt.read_at);

    // Someone else's message, or none at all: the same 404.
    const outsider = await signUp(t.app);
    const stranger = await t.connect(outsider);
    for (const messageId of [second.id, randomUUID()]) {
      const refused = failed(await emitAck(stranger, 'mark_read', { message_id: messageId }));
      expect(refused.code).toBe('MESSAGE_NOT_FOUND');
    }
    // Both ways at once is no valid payload.
    const both = await emitAck(aSocket, 'mark_read', {
      message_id: third.id,
      session_id: id,
      seq: 3,
    });
    expect(failed(both).code).toBe('VALIDATION_ERROR');
  });

  it('keeps read_at hidden when the reader does not share read receipts', async () => {
    const { a, b, id } = await storedDirectChat(t.app);
    await t.api(a, 'PATCH', '/users/me', { privacy_settings: { read_receipts: false } });
    const bSocket = await t.connect(b);
    const message = await send(bSocket, id, 'hello');
    const aSocket = await t.connect(a);
    await emitAck(aSocket, 'mark_read', { message_id: message.id });
    const history = (await t.api(b, 'GET', `/conversations/${id}/messages`)).json().data.messages;
    expect(history.find((m: { id: string }) => m.id === message.id)).toMatchObject({
      is_read: null,
      read_at: null,
    });
  });
});

describe('GET /users/me/blocked', () => {
  it('lists whom the user blocked, with the pseudonym and reason, and forgets an unblocked one', async () => {
    const me = await signUp(t.app);
    const [x, y] = [await signUp(t.app), await signUp(t.app)];
    await t.api(me, 'POST', `/users/${x.id}/block`, { reason: 'spam' });
    await t.api(me, 'POST', `/users/${y.id}/block`);
    const list = (await t.api(me, 'GET', '/users/me/blocked')).json();
    expect(list.success).toBe(true);
    expect(list.data.blocked_users.map((u: { user_id: string }) => u.user_id).sort()).toEqual(
      [x.id, y.id].sort(),
    );
    expect(list.data.blocked_users.find((u: { user_id: string }) => u.user_id === x.id)).toEqual({
      user_id: x.id,
      pseudonym: x.pseudonym,
      reason: 'spam',
      blocked_at: expect.any(String),
    });
    // Only the user's own blocks: x sees nobody.
    expect((await t.api(x, 'GET', '/users/me/blocked')).json().data.blocked_users).toEqual([]);
    await t.api(me, 'DELETE', `/users/${x.id}/block`);
    const after = (await t.api(me, 'GET', '/users/me/blocked')).json().data.blocked_users;
    expect(after.map((u: { user_id: string }) => u.user_id)).toEqual([y.id]);
  });
});

describe('DELETE /admin/users/:userId', () => {
  it('erases the account like self-deletion, at once everywhere, and logs it', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const target = await signUp(t.app);
    const socket = await t.connect(target);
    const ended = nextEvent(socket, 'session_ended');

    expect((await t.api(target, 'DELETE', `/admin/users/${admin.id}`)).statusCode).toBe(403);
    expect((await t.api(admin, 'DELETE', `/admin/users/${admin.id}`)).statusCode).toBe(400);
    expect((await t.api(admin, 'DELETE', `/admin/users/${randomUUID()}`)).statusCode).toBe(404);

    const deleted = await t.api(admin, 'DELETE', `/admin/users/${target.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({ message: 'User deleted successfully', user_id: target.id });
    expect(await ended).toEqual({ reason: 'account_deleted' });
    expect((await t.api(target, 'GET', '/conversations')).statusCode).toBe(401);
    expect((await logIn(t.app, { email: target.email, password: PASSWORD })).statusCode).toBe(401);
    expect((await t.api(admin, 'GET', `/users/${target.id}`)).statusCode).toBe(404);

    const logs = (await t.api(admin, 'GET', '/admin/logs')).json();
    const line = JSON.stringify(logs);
    expect(line).toContain('delete_user');
    expect(line).toContain(target.id);
    expect(line).toContain(target.pseudonym);
  });
});
