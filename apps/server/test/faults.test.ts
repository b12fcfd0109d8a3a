/**
 * Faults a deployment meets, survived by real nodes (child processes) on a PostgreSQL server and
 * a Redis server of this file's own, which the tests stop and start (the shared test services are
 * never touched): PostgreSQL restarted under traffic, Redis restarted, a reconnect storm after a
 * node restart, and a node drained by SIGTERM as in a rolling deploy.
 */
import type { ChatMessage } from '@kindred/protocol';
import { inArray, isNotNull, and, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, users } from '../src/db/schema';
import { createTokenSigner } from '../src/features/identity';
import { testDatabase } from './app';
import {
  emitWithin,
  type FaultSocket,
  inbox,
  openSocket,
  type Person,
  sendUntilAcked,
  storeChats,
  storePeople,
} from './fault-support';
import { type Cluster, startCluster, stopNode } from './node-process';
import { type OwnPostgres, type OwnRedis, startOwnPostgres, startOwnRedis } from './own-services';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds or `ms` pass; returns how long it took (or throws). */
async function within(ms: number, what: string, check: () => Promise<boolean> | boolean) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

const baseEnv = {
  RATE_LIMIT_MESSAGES_PER_MIN: '100000',
  STALE_CHECK_INTERVAL_SECONDS: '0',
  LISTENER_APPROVAL: 'off',
  LOG_LEVEL: 'info',
};

describe.runIf(testDatabase === 'postgres')('faults survived', () => {
  let postgres: OwnPostgres;
  let redis: OwnRedis;
  const clusters: Cluster[] = [];
  const sockets: FaultSocket[] = [];

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    for (const cluster of clusters) await cluster.close().catch(() => {});
    await Promise.all([postgres?.close(), redis?.close()]);
  }, 60_000);

  async function cluster(name: string, nodes: number, env: Record<string, string> = {}) {
    const started = await startCluster({
      name,
      nodes,
      databaseAdminUrl: postgres.url,
      redisUrl: redis.url,
      env: { ...baseEnv, ...env },
    });
    clusters.push(started);
    return started;
  }

  /** A failure names what the nodes printed (their last lines), to see why. */
  async function explained<T>(c: Cluster, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const output = c.nodes.map((n) => n.output()).join('\n');
      if (process.env.FAULT_LOG)
        await import('node:fs/promises').then((fs) => fs.writeFile(process.env.FAULT_LOG!, output));
      throw error;
    }
  }

  /** The ids of every message stored in these chats. */
  async function storedIn(c: Cluster, chats: { chatId: string }[]) {
    const stored = await c.database.db
      .select({ id: messages.id })
      .from(messages)
      .where(
        inArray(
          messages.conversationId,
          chats.map((chat) => chat.chatId),
        ),
      );
    return stored.map((m) => m.id);
  }

  /** Every message reaches its reader within `ms`, and none of them twice. */
  async function expectDeliveredOnce(
    received: Map<string, ChatMessage[]>,
    ids: string[],
    ms: number,
  ) {
    await within(ms, 'every message delivered', () => ids.every((id) => received.has(id)));
    expect([...received.values()].filter((copies) => copies.length > 1)).toEqual([]);
  }

  async function socketTo(url: string, person: Person, options?: { reconnection?: boolean }) {
    const socket = await openSocket(url, person, options);
    sockets.push(socket);
    return socket;
  }

  it('drains on SIGTERM: refuses new work, finishes sends and disconnects, then closes the pool', async () => {
    const c = await cluster('drain', 2);
    const [leaving, staying] = [c.nodes[0]!, c.nodes[1]!];
    const secret = c.env.JWT_SECRET!;
    const chats = await storeChats(c.database, secret, 10);
    // People only on the node that leaves: their disconnects must be recorded before it exits.
    const idle = await storePeople(c.database, secret, 10, 'listener');
    for (const person of idle) await socketTo(leaving.url, person);

    const received = new Map<string, ChatMessage[]>();
    const writers = await Promise.all(
      chats.map(async ({ sharer, listener, chatId }) => {
        const reader = await socketTo(staying.url, listener);
        inbox(reader, received);
        expect(await emitWithin(reader, 'join_chat', { session_id: chatId })).toMatchObject({
          success: true,
        });
        let socket = await socketTo(leaving.url, sharer);
        expect(await emitWithin(socket, 'join_chat', { session_id: chatId })).toMatchObject({
          success: true,
        });
        // Like the web client: when its node goes, it connects to another one.
        const current = async () => {
          if (!socket.connected) socket = await socketTo(staying.url, sharer);
          return socket;
        };
        return { chatId, current, first: () => socket };
      }),
    );

    // Every writer streams 20 messages; the node is told to stop after the first few.
    const PER_WRITER = 20;
    let acked = 0;
    const silentOnLeavingNode: string[] = [];
    const streams = writers.map(async (w, i) => {
      const results = [];
      for (let n = 1; n <= PER_WRITER; n++) {
        const result = await sendUntilAcked(w.current, w.chatId, `writer ${i} message ${n}`);
        acked++;
        results.push(result);
      }
      return results;
    });
    await within(10_000, 'first acks', () => acked >= 30);
    const stoppedAt = Date.now();
    leaving.child.kill('SIGTERM');
    const exitedIn = await Promise.race([
      leaving.exited.then(() => Date.now() - stoppedAt),
      sleep(20_000).then(() => Infinity),
    ]);
    const results = (await Promise.all(streams)).flat();

    expect(exitedIn).toBeLessThan(10_000);
    expect(leaving.child.exitCode).toBe(0);
    const output = leaving.output();
    expect(output).not.toMatch(/Cannot use a pool after calling end/);
    expect(output).not.toMatch(/"level":50/);
    // A send that reached the leaving node was answered (stored, or "unavailable, try again"),
    // never left without an answer while its socket was open (one on the wire when the node
    // closed the socket is lost with the connection); the outbox then finished it on the other
    // node.
    for (const r of results) {
      for (const failure of r.failures) {
        if (failure !== 'SERVICE_UNAVAILABLE' && failure !== 'disconnected') {
          silentOnLeavingNode.push(failure);
        }
      }
    }
    expect(silentOnLeavingNode).toEqual([]);
    expect(results).toHaveLength(chats.length * PER_WRITER);

    // Stored once each, delivered once each.
    const ids = results.map((r) => r.message.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await storedIn(c, chats)).toHaveLength(ids.length);
    await expectDeliveredOnce(received, ids, 5_000);

    // The disconnects of the leaving node's sockets were handled: nobody is left online in
    // presence, and away times were written before the pool closed.
    const probe = new Redis(redis.url);
    const prefix = c.env.REDIS_PREFIX!;
    const ghosts = await Promise.all(
      idle.map((p) => probe.zcount(`${prefix}presence:${p.id}`, Date.now(), '+inf')),
    );
    probe.disconnect();
    expect(ghosts.every((n) => n === 0)).toBe(true);
    const away = await c.database.db
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          inArray(
            users.id,
            idle.map((p) => p.id),
          ),
          isNotNull(users.awaySince),
        ),
      );
    expect(away).toHaveLength(idle.length);
  }, 60_000);

  it('survives a PostgreSQL restart under traffic on two nodes: no lasting 5xx, nothing lost or doubled', async () => {
    const c = await cluster('pg-restart', 2, { LOG_LEVEL: 'warn' });
    const secret = c.env.JWT_SECRET!;
    const chats = await storeChats(c.database, secret, 8);
    const received = new Map<string, ChatMessage[]>();
    const writers = await Promise.all(
      chats.map(async ({ sharer, listener, chatId }, i) => {
        // Half write through node 1 to a reader on node 2, half the other way round.
        const [from, to] = i % 2 === 0 ? [c.nodes[0]!, c.nodes[1]!] : [c.nodes[1]!, c.nodes[0]!];
        const reader = await socketTo(to.url, listener);
        inbox(reader, received);
        await emitWithin(reader, 'join_chat', { session_id: chatId });
        let socket = await socketTo(from.url, sharer);
        await emitWithin(socket, 'join_chat', { session_id: chatId });
        const current = async () => {
          if (!socket.connected) socket = await socketTo(from.url, sharer);
          return socket;
        };
        return { chatId, current, sharer, node: from };
      }),
    );

    // Plain HTTP reads on both nodes all along, every 20 ms, with the time of each answer.
    const answers: { at: number; status: number }[] = [];
    let reading = true;
    const readers = c.nodes.map(async (node, i) => {
      const token = writers[i]!.sharer.token;
      while (reading) {
        const status = await fetch(`${node.url}/api/v1/users/me`, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(5_000),
        }).then(
          async (r) => (await r.arrayBuffer(), r.status),
          () => 0,
        );
        answers.push({ at: Date.now(), status });
        await sleep(20);
      }
    });

    const PER_WRITER = 30;
    let acked = 0;
    const streams = writers.map(async (w, i) => {
      const results = [];
      for (let n = 1; n <= PER_WRITER; n++) {
        results.push(await sendUntilAcked(w.current, w.chatId, `writer ${i} message ${n}`));
        acked++;
        await sleep(50);
      }
      return results;
    });
    await within(10_000, 'traffic flowing', () => acked >= 40);
    const downAt = Date.now();
    await postgres.stop('fast');
    await sleep(2_000);
    await postgres.start();
    const backAt = Date.now();
    const results = await explained(c, async () => (await Promise.all(streams)).flat());
    await sleep(Math.max(0, backAt + 7_000 - Date.now()));
    reading = false;
    await Promise.all(readers);

    // Clients saw refusals or waited; none of it outlived the restart by more than 5 s.
    const lateErrors = answers.filter((a) => a.at > backAt + 5_000 && a.status >= 500);
    const during = answers.filter((a) => a.at >= downAt && a.at <= backAt + 5_000);
    const statuses = [...new Set(during.map((a) => a.status))].sort();
    console.warn(
      `postgres restart: down ${backAt - downAt} ms; HTTP answers meanwhile ${JSON.stringify(statuses)}; ` +
        `sends retried ${results.filter((r) => r.attempts > 1).length}, refusals ${JSON.stringify([...new Set(results.flatMap((r) => r.failures))])}`,
    );
    expect(lateErrors).toEqual([]);
    expect(answers.filter((a) => a.at > backAt + 5_000).length).toBeGreaterThan(10);
    expect(during.filter((a) => a.status === 500)).toEqual([]);

    // Every acknowledged message is stored once and reached its reader once.
    expect(results).toHaveLength(chats.length * PER_WRITER);
    const ids = results.map((r) => r.message.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(await storedIn(c, chats))).toEqual(new Set(ids));
    await expectDeliveredOnce(received, ids, 10_000);
    for (const node of c.nodes) expect(node.child.exitCode).toBeNull();
  }, 90_000);

  it('recovers cross-node delivery, presence and bans after a Redis restart, without a node restart', async () => {
    const c = await cluster('redis-restart', 2, { LOG_LEVEL: 'warn' });
    const [one, two] = [c.nodes[0]!, c.nodes[1]!];
    const secret = c.env.JWT_SECRET!;
    const [pair] = await storeChats(c.database, secret, 1);
    const { sharer: a, listener: b, chatId } = pair!;
    const [admin] = await storePeople(c.database, secret, 1);
    await c.database.db.update(users).set({ isAdmin: true }).where(eq(users.id, admin!.id));
    const adminToken = await createTokenSigner(secret, () => new Date()).signAccess({
      userId: admin!.id,
      isAdmin: true,
    });
    const aSocket = await socketTo(one.url, a);
    const bSocket = await socketTo(two.url, b);
    const live = inbox(bSocket);
    await emitWithin(aSocket, 'join_chat', { session_id: chatId });
    await emitWithin(bSocket, 'join_chat', { session_id: chatId });
    let n = 0;
    /** A sends; true when B (on the other node) got it live within a second. */
    async function crossNodeDelivery() {
      const ack = await emitWithin(
        aSocket,
        'send_message',
        { session_id: chatId, content: `m${++n}` },
        3_000,
      );
      if (!ack?.success || !ack.message) return false;
      const id = ack.message.id;
      return within(1_000, 'live', () => live.has(id)).then(
        () => true,
        () => false,
      );
    }
    expect(await crossNodeDelivery()).toBe(true);

    await redis.stop();
    await sleep(500);
    // Meanwhile: sends are stored and acknowledged (the database holds them), HTTP answers,
    // and nothing waits on Redis.
    const sentDuringOutage: string[] = [];
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const ack = await emitWithin(
        aSocket,
        'send_message',
        { session_id: chatId, content: `during ${i}` },
        5_000,
      );
      expect(ack).toMatchObject({ success: true });
      expect(Date.now() - started).toBeLessThan(2_000);
      sentDuringOutage.push(ack!.message!.id);
    }
    for (const node of c.nodes) {
      const response = await fetch(`${node.url}/api/v1/users/me`, {
        headers: { authorization: `Bearer ${a.token}` },
        signal: AbortSignal.timeout(5_000),
      });
      expect(response.status).toBe(200);
    }

    await redis.start();
    const restartedAt = Date.now();
    const deliveryBackIn = await within(15_000, 'cross-node delivery', crossNodeDelivery);
    // What B missed live while Redis was away, it gets by syncing (as clients do on reconnect).
    const synced = (await emitWithin(bSocket, 'sync', {
      session_id: chatId,
      after_version_seq: 0,
    })) as unknown as {
      messages: { id: string }[];
    };
    expect(synced.messages.map((m) => m.id)).toEqual(expect.arrayContaining(sentDuringOutage));
    // Presence: B sees A online again (Redis came back empty).
    const presenceBackIn = await within(10_000, 'presence', async () => {
      const joined = (await emitWithin(bSocket, 'join_chat', {
        session_id: chatId,
      })) as unknown as {
        conversation?: { members: { user_id: string; online: boolean }[] };
      };
      return joined?.conversation?.members.find((m) => m.user_id === a.id)?.online === true;
    });
    // Bans: a ban made through node 1 ends B's socket on node 2 at once.
    const disconnected = new Promise<number>((resolve) =>
      bSocket.once('disconnect', () => resolve(Date.now())),
    );
    const banAt = Date.now();
    const ban = await fetch(`${one.url}/api/v1/admin/users/${b.id}/ban`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ is_active: false, reason: 'fault test' }),
    });
    expect(ban.status).toBe(200);
    const banTook =
      (await Promise.race([disconnected, sleep(10_000).then(() => Infinity)])) - banAt;
    console.warn(
      `redis restart: cross-node delivery back in ${deliveryBackIn} ms, presence in ${presenceBackIn} ms after delivery (${Date.now() - restartedAt} ms in all); ban reached node 2 in ${banTook} ms`,
    );
    expect(banTook).toBeLessThan(3_000);
    expect(deliveryBackIn).toBeLessThan(10_000);
    // How the outage was logged: warnings, no errors, no crash.
    const output = c.nodes.map((node) => node.output()).join('\n');
    expect(output).toMatch(/redis error/);
    expect(output).not.toMatch(/"level":(50|60)/);
    for (const node of c.nodes) expect(node.child.exitCode).toBeNull();
  }, 90_000);

  it('takes back a reconnect storm of 2,000 sockets after a node restart, none doubled', async () => {
    const PEOPLE = 400;
    const PER_PERSON = 5;
    const c = await cluster('storm', 1, { LOG_LEVEL: 'warn' });
    const node = c.nodes[0]!;
    const port = Number(new URL(node.url).port);
    const people = await storePeople(c.database, c.env.JWT_SECRET!, PEOPLE);
    // Clients as the web app runs them: Socket.IO reconnects by itself after a lost connection,
    // and 1–3 s after the server let it go (a deploy) it connects again.
    const clients: { person: Person; socket: FaultSocket; connects: number }[] = [];
    for (let i = 0; i < PEOPLE * PER_PERSON; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, async (_, j) => {
          const person = people[Math.floor((i + j) / PER_PERSON)]!;
          const socket = await socketTo(node.url, person, { reconnection: true });
          const client = { person, socket, connects: 1 };
          socket.on('connect', () => client.connects++);
          socket.on('disconnect', (reason) => {
            if (reason === 'io server disconnect') {
              setTimeout(() => socket.connect(), 1_000 + Math.random() * 2_000);
            }
          });
          clients.push(client);
        }),
      );
    }
    expect(clients.filter((x) => x.socket.connected)).toHaveLength(PEOPLE * PER_PERSON);

    // A rolling deploy of this node: SIGTERM, then the new process on the same port.
    const stoppedAt = Date.now();
    await stopNode(node, 'SIGTERM', 30_000);
    const drainedIn = Date.now() - stoppedAt;
    expect(node.child.exitCode).toBe(0);
    const again = await c.addNode('node1-again', port);
    const allBackIn = await explained(c, () =>
      within(30_000, 'all 2,000 sockets back', () =>
        clients.every((x) => x.socket.connected && x.connects === 2),
      ),
    );
    console.warn(
      `reconnect storm: ${clients.length} sockets; drained in ${drainedIn} ms; all back ${allBackIn} ms after the new node was ready (${Date.now() - stoppedAt} ms after SIGTERM)`,
    );
    // Bound: every socket back within 15 s of the new node answering.
    expect(allBackIn).toBeLessThan(15_000);
    await sleep(500);
    // None doubled: each person has exactly their five live sockets in presence, no more (the
    // drained node removed its own; no client holds two connections).
    const probe = new Redis(redis.url);
    const prefix = c.env.REDIS_PREFIX!;
    const wrong: string[] = [];
    for (const person of people) {
      const live = new Set(clients.filter((x) => x.person === person).map((x) => x.socket.id));
      const listed = await probe.zrangebyscore(
        `${prefix}presence:${person.id}`,
        Date.now(),
        '+inf',
      );
      if (listed.length !== PER_PERSON || listed.some((id) => !live.has(id))) {
        wrong.push(`${person.id}: ${listed.length}`);
      }
    }
    probe.disconnect();
    expect(wrong).toEqual([]);
    expect(clients.every((x) => x.connects === 2)).toBe(true);
    expect(again.child.exitCode).toBeNull();
    for (const x of clients) x.socket.close();
  }, 120_000);
});
