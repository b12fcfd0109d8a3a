/**
 * Notification e-mail across two nodes when one dies mid-job (DESIGN §10, §11): every e-mail
 * arrives exactly once. The first node runs with `KINDRED_FAULT=crash-before-send`, so it kills
 * itself (SIGKILL) on the first delivery job it takes, after fixing the Message-ID and before
 * sending; the job expires and the second node sends it. PostgreSQL only (the embedded
 * database is one process).
 */
import type { NotificationsResponse } from '@kindred/protocol';
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { notificationDeliveries } from '../src/db/schema';
import { testDatabase } from './app';
import { setUser } from './rows';
import { type ReceivedMail, useMailServer } from './mail-server';
import { callNode, type NodeProcess, signUpOn, useCluster } from './node-process';

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

/** A notification mail to this address (not the address confirmation sign-up sends). */
const notificationMail = (m: ReceivedMail, address: string) =>
  m.to.includes(address) && !m.subject?.startsWith('Confirm');

describe.runIf(testDatabase === 'postgres')('notification e-mail when a node dies mid-job', () => {
  const mail = useMailServer();
  const cluster = useCluster(
    () => ({
      name: 'notify',
      nodes: 2,
      env: {
        LISTENER_APPROVAL: 'off',
        SMTP_URL: mail.url,
        // Every node writes the same links and Message-IDs.
        PUBLIC_URL: 'http://kindred.test',
        NOTIFY_JOB_EXPIRE_SECONDS: String(EXPIRE_SECONDS),
        NOTIFY_RETRY_DELAY_SECONDS: '1',
        NOTIFY_RETRY_LIMIT: '5',
      },
      nodeEnv: [{ KINDRED_FAULT: 'crash-before-send' }],
    }),
    { start: 60_000, close: 30_000 },
  );

  /** E-mail notifications go to confirmed addresses only: these people confirmed theirs. */
  const verified = (id: string) => setUser(cluster, id, { emailVerifiedAt: new Date() });

  const exited = (node: NodeProcess, ms: number) =>
    Promise.race([
      node.exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
    ]);

  it('sends every e-mail exactly once; the dead node’s job is taken over in time', async () => {
    const [node1, node2] = cluster.nodes as [NodeProcess, NodeProcess];
    const receiver = await signUpOn(node2, ['listener'], verified);
    const open = await callNode(node2, 'PATCH', '/users/me', receiver.token, {
      privacy_settings: { allow_message_requests: true },
    });
    expect(open.status).toBe(200);
    const senders: User[] = [];
    for (let i = 0; i < REQUESTS; i++) senders.push(await signUpOn(node2, ['sharer'], verified));
    const request = (node: NodeProcess, sender: User) =>
      callNode(node, 'POST', '/messages/request', sender.token, {
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
          const list = await callNode(node2, 'GET', '/notifications?limit=50', receiver.token);
          notes = (list.body as unknown as NotificationsResponse).notifications.filter(
            (n) => n.type === 'message_request',
          );
          return notes.length;
        },
        { timeout: 10_000 },
      )
      .toBe(REQUESTS);
    const expected = new Set(notes.map((n) => `<${n.id}.email@kindred.test>`));

    const mails = await mail.waitFor((m) => notificationMail(m, receiver.email), {
      count: REQUESTS,
      timeoutMs: TAKEOVER_BOUND_MS + 10_000,
    });
    const lastArrival = Date.now();
    // Nothing more comes afterwards (a late duplicate would show here).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const all = mail.messages.filter((m) => notificationMail(m, receiver.email));
    expect(all).toHaveLength(REQUESTS);
    expect(new Set(all.map((m) => m.messageId))).toEqual(expected);
    expect(mails).toHaveLength(REQUESTS);

    const rows = await cluster.database.db
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
