/**
 * Staff answer support tickets as one team: every message and event the member sees (messages,
 * history, typing, reads, joins, reactions, presence, the conversation's members) carries the
 * team's identity, never the admin's account, and that identity leads to no profile.
 */
import { randomUUID } from 'node:crypto';
import { SUPPORT_DISPLAY_NAME, SUPPORT_TEAM_ID } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './app';
import { signUp } from './factories';
import { supportTicket } from './scenarios';
import { emitAck, nextEvent, sleep } from './sockets';

const t = useTestApp();

describe('support staff answer as the team', () => {
  it('never shows the member the admin’s id, in any payload', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const member = await signUp(t.app);
    const ticket = await supportTicket(t.app, member, {
      subject: 'Help with my profile',
      content: 'Hello, can someone help me?',
    });
    const memberSocket = await t.connect(member);
    // Everything the member's socket receives, to search for the admin's id afterwards.
    const received: unknown[] = [];
    memberSocket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
    await emitAck(memberSocket, 'join_chat', { session_id: ticket.id });

    expect((await t.api(admin, 'POST', `/admin/support/${ticket.id}/assign`)).statusCode).toBe(200);
    const adminSocket = await t.connect(admin);
    const joined = nextEvent(memberSocket, 'user_joined');
    await emitAck(adminSocket, 'join_chat', { session_id: ticket.id });
    expect(await joined).toMatchObject({
      user_id: SUPPORT_TEAM_ID,
      pseudonym: SUPPORT_DISPLAY_NAME,
    });

    const typing = nextEvent(memberSocket, 'user_typing');
    await emitAck(adminSocket, 'typing', { session_id: ticket.id });
    expect(await typing).toMatchObject({
      user_id: SUPPORT_TEAM_ID,
      pseudonym: SUPPORT_DISPLAY_NAME,
    });

    const arrived = nextEvent(memberSocket, 'new_message');
    const sent = await emitAck<{ message: { id: string; seq: number } }>(
      adminSocket,
      'send_message',
      {
        session_id: ticket.id,
        content: 'Hi, I can help with that.',
        client_msg_id: randomUUID(),
      },
    );
    expect(sent.success).toBe(true);
    expect(await arrived).toMatchObject({
      sender_id: SUPPORT_TEAM_ID,
      sender_pseudonym: SUPPORT_DISPLAY_NAME,
      is_own_message: false,
    });
    const reply = sent.success ? sent.message : undefined;

    const read = nextEvent(memberSocket, 'message_read', (r) => r.user_id !== member.id);
    await emitAck(adminSocket, 'mark_read', { session_id: ticket.id, seq: reply!.seq });
    expect(await read).toMatchObject({ user_id: SUPPORT_TEAM_ID, read_by: SUPPORT_TEAM_ID });

    const reacted = nextEvent(memberSocket, 'message_reaction_update');
    await emitAck(adminSocket, 'message_reaction', {
      session_id: ticket.id,
      message_id: reply!.id,
      emoji: '❤️',
    });
    expect((await reacted).reactions[0]!.user_ids).toEqual([SUPPORT_TEAM_ID]);

    const left = nextEvent(memberSocket, 'user_left');
    await emitAck(adminSocket, 'leave_chat', { session_id: ticket.id });
    expect(await left).toMatchObject({ user_id: SUPPORT_TEAM_ID });
    adminSocket.close();
    await sleep(300);

    // History, the conversation and the member list say the same.
    const history = (await t.api(member, 'GET', `/chat/sessions/${ticket.id}/messages`)).json();
    const fromTeam = history.messages.find((m: { id: string }) => m.id === reply!.id);
    expect(fromTeam).toMatchObject({
      sender_id: SUPPORT_TEAM_ID,
      sender_pseudonym: SUPPORT_DISPLAY_NAME,
    });
    const rejoined = await emitAck<{ conversation: { members: { user_id: string }[] } }>(
      memberSocket,
      'join_chat',
      { session_id: ticket.id },
    );
    const members = rejoined.success ? rejoined.conversation.members.map((m) => m.user_id) : [];
    expect(members.sort()).toEqual([member.id, SUPPORT_TEAM_ID].sort());

    // Nothing the member received or can read names the admin's account.
    const tickets = (await t.api(member, 'GET', '/support')).json();
    const notifications = (await t.api(member, 'GET', '/notifications')).json();
    const seen = JSON.stringify([received, history, rejoined, tickets, notifications]);
    expect(seen).not.toContain(admin.id);
    expect(seen).not.toContain(admin.pseudonym);

    // The team's identity is no account: no profile to find behind it.
    expect((await t.api(member, 'GET', `/users/${SUPPORT_TEAM_ID}`)).statusCode).toBe(404);
  });

  it('lets the admin still see their own messages as their own', async () => {
    const admin = await signUp(t.app, { isAdmin: true });
    const member = await signUp(t.app);
    const ticket = await supportTicket(t.app, member, { subject: 'Question', content: 'Hi there' });
    await t.api(admin, 'POST', `/admin/support/${ticket.id}/assign`);
    await t.api(admin, 'POST', `/conversations/${ticket.id}/messages`, {
      content: 'Hello from the team',
      client_msg_id: randomUUID(),
    });
    const history = (await t.api(admin, 'GET', `/chat/sessions/${ticket.id}/messages`)).json();
    const own = history.messages.find(
      (m: { content: string }) => m.content === 'Hello from the team',
    );
    expect(own).toMatchObject({ is_own_message: true, sender_id: admin.id });
  });
});
