/**
 * Talk now across two nodes: a sharer waiting in line on node A is offered to a listener who goes
 * available on node B, sees the offer live, and is connected when the listener accepts there.
 */
import { describe, expect, it } from 'vitest';
import { testDatabase } from './app';
import { callNode, signUpOn, useCluster } from './node-process';
import { connect, emitAck, nextEvent } from './sockets';

describe.runIf(testDatabase === 'postgres')('talk now across two nodes', () => {
  const cluster = useCluster({
    name: 'talk-now',
    nodes: 2,
    env: { LISTENER_APPROVAL: 'off', CHAT_REQUEST_TIMEOUT_SECONDS: '60' },
  });
  const nodeA = () => cluster.nodes[0]!.url;
  const nodeB = () => cluster.nodes[1]!.url;

  it('offers the sharer waiting on one node to the listener who goes available on the other', async () => {
    const sharer = await signUpOn(nodeA());
    const listener = await signUpOn(nodeB(), ['listener']);
    const sharerSocket = await connect(nodeA(), sharer.token);

    const joined = await callNode(nodeA(), 'POST', '/match/talk-now', sharer.token, {
      topic: 'work',
    });
    expect(joined.status).toBe(202);
    expect(joined.body).toMatchObject({ status: 'waiting', position: 1, topic: 'work' });

    const offered = nextEvent(sharerSocket, 'waiting_update', (u) => u.status === 'asking', 10_000);
    const listenerSocket = await connect(nodeB(), listener.token);
    const asked = nextEvent(listenerSocket, 'chat_request', undefined, 10_000);
    const available = await callNode(nodeB(), 'PATCH', '/users/me/availability', listener.token, {
      availability: 'available',
    });
    expect(available.status).toBe(200);
    const offer = await offered;
    expect(offer).toMatchObject({
      status: 'asking',
      listener: { id: listener.id, pseudonym: listener.pseudonym },
      topic: 'work',
    });
    const request = await asked;
    expect(request).toMatchObject({
      sharer: { id: sharer.id, pseudonym: sharer.pseudonym },
      topic: 'work',
    });
    // Either node answers where the sharer stands.
    const status = await callNode(nodeB(), 'GET', '/match/waiting-list', sharer.token);
    expect(status.body).toMatchObject({ status: 'asking', session_id: request.session_id });

    // Accept on node B: the sharer's socket on node A hears they are connected.
    const connected = nextEvent(
      sharerSocket,
      'waiting_update',
      (u) => u.status === 'connected',
      10_000,
    );
    await emitAck(listenerSocket, 'join_chat', { session_id: request.session_id });
    expect(await connected).toEqual({ status: 'connected', session_id: request.session_id });
    const after = await callNode(nodeA(), 'GET', '/match/waiting-list', sharer.token);
    expect(after).toMatchObject({ status: 404, body: { code: 'NOT_WAITING' } });
  });
});
