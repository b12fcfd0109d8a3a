/**
 * Notification e-mail across two nodes when one dies mid-job (DESIGN §10, §11): every e-mail
 * arrives exactly once. The first node runs with `KINDRED_FAULT=crash-before-send`, so it kills
 * itself (SIGKILL) on the first delivery job it takes, after fixing the Message-ID and before
 * sending; the job expires and the second node sends it. PostgreSQL only (the embedded
 * database is one process).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NotificationsResponse } from '@kindred/protocol';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/db/client';
import { notificationDeliveries } from '../src/db/schema';
import { testDatabase } from './app';
import { type MailServer, startMailServer } from './mail-server';
import {
  freePort,
  freshPostgresDatabase,
  type NodeProcess,
  startNode,
  stopAllNodes,
  waitUntilReady,
  callNode as call,
  signUpOnNode,
} from './node-process';

/** Seconds a delivery job may run before another node takes it over. */
const EXPIRE_SECONDS = 3;
/** Message requests, hence e-mails, in the test. */
const REQUESTS = 6;
/**
 * From the crash to the taken-over e-mail: the job's expiry (3 s), the next maintenance (1 s),
 * the first retry's backoff (1–2 s) and the next poll (1 s), with room for a busy machine.
 */
const TAKEOVER_BOUND_MS = 15_000;

interface User {
  id: string;
  email: string;
  token: string;
}

describe.runIf(testDatabase === 'postgres')('notification e-mail when a node dies mid-job', () => {
  let mail: MailServer | undefined;
  let fresh: Awaited<ReturnType<typeof freshPostgresDatabase>> | undefined;
  let database: Database | undefined;
  const dataDirs: string[] = [];
  const nodes: NodeProcess[] = [];

  beforeAll(async () => {
    const redisUrl = process.env.TEST_REDIS_URL;
    if (!redisUrl) throw new Error('TEST_REDIS_URL must be set for multi-node tests');
    mail = await startMailServer();
    fresh = await freshPostgresDatabase();
    const shared: Record<string, string> = {
      NODE_ENV: 'test',
      DATABASE_URL: fresh.url,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: `kindred-notify:${randomBytes(6).toString('hex')}:`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      LISTENER_APPROVAL: 'off',
      RATE_LIMIT_AUTH_PER_MIN: '10000',
      RATE_LIMIT_API_PER_MIN: '10000',
      SMTP_URL: mail.url,
      // Every node writes the same links and Message-IDs.
      PUBLIC_URL: 'http://kindred.test',
      NOTIFY_JOB_EXPIRE_SECONDS: String(EXPIRE_SECONDS),
      NOTIFY_RETRY_DELAY_SECONDS: '1',
      NOTIFY_RETRY_LIMIT: '5',
    };
    const start = async (name: string, extra: Record<string, string> = {}) => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-node-'));
      dataDirs.push(dataDir);
      const node = startNode({
        name,
        port: await freePort(),
        env: { ...shared, DATA_DIR: dataDir, ...extra },
      });
      nodes.push(node);
      return node;
    };
    const started = [
      await start('node1', { KINDRED_FAULT: 'crash-before-send' }),
      await start('node2'),
    ];
    await Promise.all(started.map((node) => waitUntilReady(node)));
    database = await openDatabase({ databaseUrl: fresh.url, dataDir: dataDirs[0]! });
  }, 60_000);

  afterAll(async () => {
    await stopAllNodes();
    await database?.close();
    await fresh?.drop();
    await mail?.close();
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  const signUp = signUpOnNode;

  const exited = (node: NodeProcess, ms: number) =>
    Promise.race([
      node.exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
    ]);

  it('sends every e-mail exactly once; the dead node’s job is taken over in time', async () => {
    const [node1, node2] = nodes as [NodeProcess, NodeProcess];
    const receiver = await signUp(node2, ['listener']);
    const open = await call(node2, 'PATCH', '/users/me', receiver.token, {
      privacy_settings: { allow_message_requests: true },
    });
    expect(open.status).toBe(200);
    const senders: User[] = [];
    for (let i = 0; i < REQUESTS; i++) senders.push(await signUp(node2, ['sharer']));
    const request = (node: NodeProcess, sender: User) =>
      call(node, 'POST', '/messages/request', sender.token, {
        receiver_id: receiver.id,
        content: 'Thank you for listening the other day',
      });

    // A request made on node 1: node 1 queues its e-mail, takes the job at once, and dies.
    // (Should node 2 happen to poll first and take it, the next request tries again.)
    let sentOnNode1 = 0;
    let crashedAt: number | undefined;
    while (sentOnNode1 < 3 && crashedAt === undefined) {
      expect((await request(node1, senders[sentOnNode1]!)).status).toBe(201);
      sentOnNode1++;
      if (await exited(node1, 5_000)) crashedAt = Date.now();
    }
    expect(crashedAt, `node 1 did not crash:\n${node1.output()}`).toBeDefined();
    expect(node1.child.signalCode).toBe('SIGKILL');

    // The other requests go to node 2, all at once, while node 1's job waits to expire.
    const rest = senders.slice(sentOnNode1);
    const answers = await Promise.all(rest.map((sender) => request(node2, sender)));
    expect(answers.map((a) => a.status)).toEqual(rest.map(() => 201));

    // Notifying runs after each request answered: wait until every notification exists.
    let notes: NotificationsResponse['notifications'] = [];
    await expect
      .poll(
        async () => {
          const list = await call(node2, 'GET', '/notifications?limit=50', receiver.token);
          notes = (list.body as unknown as NotificationsResponse).notifications.filter(
            (n) => n.type === 'message_request',
          );
          return notes.length;
        },
        { timeout: 10_000 },
      )
      .toBe(REQUESTS);
    const expected = new Set(notes.map((n) => `<${n.id}.email@kindred.test>`));

    const mails = await mail!.waitFor((m) => m.to.includes(receiver.email), {
      count: REQUESTS,
      timeoutMs: TAKEOVER_BOUND_MS + 10_000,
    });
    const lastArrival = Date.now();
    // Nothing more comes afterwards (a late duplicate would show here).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const all = mail!.messages.filter((m) => m.to.includes(receiver.email));
    expect(all).toHaveLength(REQUESTS);
    expect(new Set(all.map((m) => m.messageId))).toEqual(expected);
    expect(mails).toHaveLength(REQUESTS);

    const rows = await database!.db
      .select()
      .from(notificationDeliveries)
      .where(
        and(
          inArray(
            notificationDeliveries.notificationId,
            notes.map((n) => n.id),
          ),
          eq(notificationDeliveries.channel, 'email'),
        ),
      );
    expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'sent'));
    // The job node 1 took was attempted twice (the crash counted), under the same Message-ID.
    const taken = rows.filter((r) => r.attempts === 2);
    expect(taken).toHaveLength(1);
    expect(expected.has(taken[0]!.messageId!)).toBe(true);
    expect(rows.filter((r) => r.attempts === 1)).toHaveLength(REQUESTS - 1);
    expect(lastArrival - crashedAt!).toBeLessThan(TAKEOVER_BOUND_MS);
  }, 60_000);
});
