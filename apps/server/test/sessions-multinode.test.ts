/**
 * A session ended on one node ends on every node: logging out or erasing the account on node A
 * disconnects the sockets on node B at once, and node B refuses the old token for HTTP and for
 * new sockets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from './app';
import { type Cluster, startCluster, callNode as call, signUpOnNode } from './node-process';
import { type ClientSocket, closeAllSockets, connect, nextEvent } from './sockets';

describe.runIf(testDatabase === 'postgres')('ending a session across two nodes', () => {
  let cluster: Cluster | undefined;
  beforeAll(async () => {
    cluster = await startCluster({ name: 'sessions', nodes: 2 });
  }, 40_000);
  afterAll(async () => {
    closeAllSockets();
    await cluster?.close();
  }, 20_000);

  const nodeA = () => cluster!.nodes[0]!.url;
  const nodeB = () => cluster!.nodes[1]!.url;

  const signUp = () => signUpOnNode(nodeA());

  const closedByServer = (socket: ClientSocket) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('still connected')), 3_000);
      socket.once('disconnect', (reason) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });

  it('logout on one node disconnects the session’s socket on the other and refuses its token there', async () => {
    const { login } = await signUp();
    const socket = await connect(nodeB(), login.access_token);
    const told = nextEvent(socket, 'session_ended');
    const closed = closedByServer(socket);
    const out = await call(nodeA(), 'POST', '/auth/logout', undefined, {
      refresh_token: login.refresh_token,
    });
    expect(out.status).toBe(200);
    expect(await told).toEqual({ reason: 'logged_out' });
    expect(await closed).toBe('io server disconnect');
    expect((await call(nodeB(), 'GET', '/users/me', login.access_token)).status).toBe(401);
    await expect(connect(nodeB(), login.access_token)).rejects.toMatchObject({
      data: { code: 'INVALID_TOKEN' },
    });
  });

  it('erasure on one node disconnects the account everywhere and every route refuses it', async () => {
    const { data, login } = await signUp();
    const socket = await connect(nodeB(), login.access_token);
    const closed = closedByServer(socket);
    const deleted = await call(nodeA(), 'DELETE', '/users/me', login.access_token, {
      password: data.password,
    });
    expect(deleted.status).toBe(200);
    await closed;
    for (const route of ['/conversations', '/support', '/users/me']) {
      const response = await call(nodeB(), 'GET', route, login.access_token);
      expect(response.status, route).toBe(401);
    }
    await expect(connect(nodeB(), login.access_token)).rejects.toMatchObject({
      data: { code: 'INVALID_TOKEN' },
    });
  });
});
