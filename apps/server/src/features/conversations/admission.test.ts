import { randomUUID } from 'node:crypto';
import type { ChatMessage, ErrorBody } from '@kindred/protocol';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { storedListeningChat } from '../../../test/scenarios';
import { type ClientSocket, emitAck } from '../../../test/sockets';

const QUEUE = 2;
const t = useTestApp({
  env: { SEND_QUEUE_MAX: String(QUEUE), RATE_LIMIT_MESSAGES_PER_MIN: '1000' },
});

/**
 * Holds every transaction until released, as a database under heavy load would: sends that
 * were admitted wait there. (A gate rather than pg_sleep: PGlite runs in this thread, and a
 * sleep inside it would stall the whole node, refusals included.)
 */
function holdTransactions() {
  const { db } = t.app.database;
  const transaction = db.transaction;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  db.transaction = (async (...args: Parameters<typeof transaction>) => {
    await gate;
    return transaction.apply(db, args);
  }) as typeof transaction;
  return () => {
    db.transaction = transaction;
    release();
  };
}

/** Sends one message; its ack, with the id it was sent under. */
async function sendOne(socket: ClientSocket, sessionId: string, clientMsgId: string) {
  const ack = await emitAck<{ message: ChatMessage }>(socket, 'send_message', {
    session_id: sessionId,
    content: 'Thank you for listening',
    client_msg_id: clientMsgId,
  });
  return { clientMsgId, ack };
}

const stored = async (chatId: string) => {
  const result = (await t.app.database.db.execute(
    sql`select client_msg_id from messages where conversation_id = ${chatId} order by seq`,
  )) as unknown as { rows: { client_msg_id: string }[] };
  return result.rows.map((r) => r.client_msg_id);
};

describe('admission control of the send pipeline', () => {
  it('refuses sends past the queue at once with SERVER_BUSY and writes nothing for them', async () => {
    const { sharer, chatId } = await storedListeningChat(t.app);
    const socket = await t.connect(sharer);
    const ids = Array.from({ length: 6 }, () => randomUUID());

    const release = holdTransactions();
    const sends = ids.map((id) => sendOne(socket, chatId, id));
    // The queue is full: the refusals come back while the admitted sends still wait (if they
    // waited too, this would time out).
    await Promise.all(sends.slice(QUEUE));
    const overHttp = await t.api(sharer, 'POST', `/chat/sessions/${chatId}/messages`, {
      content: 'Over the web',
      client_msg_id: randomUUID(),
    });
    release();
    const results = await Promise.all(sends);

    const accepted = results.filter((r) => 'message' in r.ack);
    const refused = results.filter((r) => !('message' in r.ack));
    // Only as many as the queue holds are worked on: the rest never wait in memory.
    expect(accepted).toHaveLength(QUEUE);
    expect(refused).toHaveLength(ids.length - QUEUE);
    for (const { ack } of refused) {
      const body = ack as ErrorBody;
      expect(body).toMatchObject({ success: false, code: 'SERVER_BUSY' });
      expect(body.retry_after_ms).toBeGreaterThan(0);
    }
    expect(overHttp.statusCode).toBe(503);
    expect(overHttp.json()).toMatchObject({
      code: 'SERVER_BUSY',
      retry_after_ms: expect.any(Number),
    });

    // The accepted ones are acked and stored, the refused ones not at all.
    expect((await stored(chatId)).sort()).toEqual(accepted.map((r) => r.clientMsgId).sort());
    const seqs = accepted.map((r) => (r.ack as { message: ChatMessage }).message.seq);
    expect(seqs.sort()).toEqual([1, 2]);

    // Once there is room again the refused ones go through, in order, with the next seqs.
    for (const [index, { clientMsgId }] of refused.entries()) {
      const retried = await sendOne(socket, chatId, clientMsgId);
      expect((retried.ack as { message: ChatMessage }).message.seq).toBe(QUEUE + index + 1);
    }
    expect(await stored(chatId)).toHaveLength(ids.length);
  });
});
