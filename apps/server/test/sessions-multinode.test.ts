/**
 * A session ended on one node ends on every node: logging out or erasing the account on node A
 * disconnects the sockets on node B at once, and node B refuses the old token for HTTP and for
 * new sockets.
 */
import { describe, expect, it } from 'vitest';
import { testDatabase } from './app';
import { callNode, signUpOn, useCluster } from './node-process';
import { type ClientSocket, connect, nextEvent } from './sockets';

describe.runIf(testDatabase === 'postgres')('ending a session across two nodes', () => {
  const cluster = useCluster({ name: 'sessions', nodes: 2 });
  const nodeA = () => cluster.nodes[0]!.url;
  const nodeB = () => cluster.nodes[1]!.url;

  const closedByServer = (socket: ClientSocket) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('still connected')), 3_000);
      socket.once('disconnect', (reason) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });

  it('logout on one node disconnects the session’s socket on the other and refuses its token there', async () => {
    const { login } = await signUpOn(nodeA());
    // Node B has verified the token (and remembers it): it must still refuse it once ended.
    expect((await callNode(nodeB(), 'GET', '/users/me', login.access_token)).status).toBe(200);
    const socket = await connect(nodeB(), login.access_token);
    const told = nextEvent(socket, 'session_ended');
    const closed = closedByServer(socket);
    const out = await callNode(nodeA(), 'POST', '/auth/logout', undefined, {
      refresh_token: login.refresh_token,
    });
    expect(out.status).toBe(200);
    expect(await told).toEqual({ reason: 'logged_out' });
    expect(await closed).toBe('io server disconnect');
    expect((await callNode(nodeB(), 'GET', '/users/me', login.access_token)).status).toBe(401);
    await expect(connect(nodeB(), login.access_token)).rejects.toMatchObject({
      data: { code: 'INVALID_TOKEN' },
    });
  });

  it('erasure on one node disconnects the account everywhere and every route refuses it', async () => {
    const { data, login } = await signUpOn(nodeA());
    const socket = await connect(nodeB(), login.access_token);
    const closed = closedByServer(socket);
    const deleted = await callNode(nodeA(), 'DELETE', '/users/me', login.access_token, {
      password: data.password,
    });
    expect(deleted.status).toBe(200);
    await closed;
    for (const route of ['/conversations', '/support', '/users/me']) {
      const response = await callNode(nodeB(), 'GET', route, login.access_token);
      expect(response.status, route).toBe(401);
    }
    await expect(connect(nodeB(), login.access_token)).rejects.toMatchObject({
      data: { code: 'INVALID_TOKEN' },
    });
  });
});
