/**
 * A ban made on one node reaches every node at once (DESIGN §6): the banned user's next request
 * to another node is refused, their socket there is told and disconnected, and their listening
 * partner is told the chat ended.
 */

import { describe, expect, it } from 'vitest';
import { testDatabase } from './app';
import { callNode, signUpOn, useCluster } from './node-process';
import { setUser } from './rows';
import { connect, emitAck, nextEvent } from './sockets';

describe.runIf(testDatabase === 'postgres')('a ban across two nodes', () => {
  const cluster = useCluster({ name: 'ban', nodes: 2, env: { LISTENER_APPROVAL: 'off' } });
  const nodeA = () => cluster.nodes[0]!;
  const nodeB = () => cluster.nodes[1]!;

  async function signUp(baseUrl: string, role: 'sharer' | 'listener', admin = false) {
    return signUpOn(baseUrl, [role], async (id) => {
      if (admin) await setUser(cluster, id, { isAdmin: true });
    });
  }

  it('refuses the banned user on the other node within a second and disconnects them there', async () => {
    const admin = await signUp(nodeA().url, 'sharer', true);
    const listener = await signUp(nodeB().url, 'listener');
    const sharer = await signUp(nodeA().url, 'sharer');
    const available = await callNode(
      nodeB().url,
      'PATCH',
      '/users/me/availability',
      listener.token,
      {
        availability: 'available',
      },
    );
    expect(available.status).toBe(200);
    const started = await callNode(nodeA().url, 'POST', '/match/request-chat', sharer.token, {
      listener_id: listener.id,
    });
    expect(started.status).toBe(201);
    const chatId = started.body.session_id as string;

    // The listener is on node B (HTTP and socket); the sharer's socket is on node A.
    const listenerSocket = await connect(nodeB().url, listener.token);
    const sharerSocket = await connect(nodeA().url, sharer.token);
    expect(await emitAck(listenerSocket, 'join_chat', { session_id: chatId })).toMatchObject({
      success: true,
    });
    expect((await callNode(nodeB().url, 'GET', '/users/me', listener.token)).status).toBe(200);

    // Recorded as they arrive (listeners run synchronously, in the order the packets came).
    const order: string[] = [];
    listenerSocket.on('account_banned', () => order.push('account_banned'));
    const told = nextEvent(listenerSocket, 'account_banned', () => true, 5000);
    const disconnected = new Promise<string>((resolve) =>
      listenerSocket.once('disconnect', (reason) => {
        order.push('disconnect');
        resolve(reason);
      }),
    );
    const ended = nextEvent(sharerSocket, 'chat_ended', (e) => e.session_id === chatId, 5000);

    const ban = await callNode(
      nodeA().url,
      'PATCH',
      `/admin/users/${listener.id}/ban`,
      admin.token,
      {
        is_active: false,
        reason: 'Harassment',
      },
    );
    expect(ban).toEqual({
      status: 200,
      body: { message: 'User banned successfully', user_id: listener.id },
    });
    const bannedAt = Date.now();

    // Within one second, node B refuses the listener's next request.
    let refused: { status: number; body: Record<string, unknown> } | undefined;
    while (Date.now() - bannedAt < 1000) {
      const response = await callNode(nodeB().url, 'GET', '/users/me', listener.token);
      if (response.status !== 200) {
        refused = response;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(refused).toMatchObject({ status: 403, body: { code: 'ACCOUNT_BANNED' } });

    expect(await told).toEqual({ message: expect.any(String) });
    expect(await disconnected).toBe('io server disconnect');
    expect(order).toEqual(['account_banned', 'disconnect']);
    expect(Date.now() - bannedAt).toBeLessThan(1000);
    expect(await ended).toMatchObject({ session_id: chatId });

    // Neither node lets the old token back in over a socket.
    for (const node of [nodeA(), nodeB()]) {
      await expect(connect(node.url, listener.token)).rejects.toMatchObject({
        data: { code: 'ACCOUNT_BANNED' },
      });
    }
  }, 20_000);

  it('a node started after the ban refuses the old token too (it loads recent bans)', async () => {
    const admin = await signUp(nodeA().url, 'sharer', true);
    const user = await signUp(nodeB().url, 'sharer');
    const ban = await callNode(nodeA().url, 'PATCH', `/admin/users/${user.id}/ban`, admin.token, {
      is_active: false,
      reason: 'Spam',
    });
    expect(ban.status).toBe(200);
    const late = await cluster.addNode('node3');
    const response = await callNode(late.url, 'GET', '/users/me', user.token);
    expect(response).toMatchObject({ status: 403, body: { code: 'ACCOUNT_BANNED' } });
  }, 40_000);
});
