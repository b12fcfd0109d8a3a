import { randomUUID } from 'node:crypto';
import type { ChatMessage, ErrorBody } from '@kindred/protocol';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { storedListeningChat } from '../../../test/scenarios';
import { type ClientSocket, emitAck } from '../../../test/sockets';

const t = useTestApp({ env: { RATE_LIMIT_MESSAGES_PER_MIN: '1000' } });

type Ack = { message: ChatMessage } | ErrorBody;

const send = (socket: ClientSocket, sessionId: string, content: string, id = randomUUID()) =>
  emitAck<{ message: ChatMessage }>(socket, 'send_message', {
    session_id: sessionId,
    content,
    client_msg_id: id,
  }) as Promise<Ack>;

const seqOf = (ack: Ack) => (ack as { message: ChatMessage }).message.seq;

async function storedRows(chatId: string) {
  const result = (await t.app.database.db.execute(
    sql`select seq, content, client_msg_id from messages where conversation_id = ${chatId}
      order by seq`,
  )) as unknown as { rows: { seq: number | string; content: string; client_msg_id: string }[] };
  return result.rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** A listening chat with both members connected. */
async function connectedChat() {
  const { sharer, listener, chatId } = await storedListeningChat(t.app);
  return { chatId, sockets: [await t.connect(sharer), await t.connect(listener)] };
}

describe('group commit of the send pipeline', () => {
  it('gives every conversation gapless seqs, in each sender’s order, under concurrent sends', async () => {
    const chats = await Promise.all([connectedChat(), connectedChat(), connectedChat()]);
    const perSender = 6;
    // Every member of every chat sends at once; each waits for its ack, as the outbox does.
    const senders = chats.flatMap(({ chatId, sockets }) =>
      sockets.map(async (socket, who) => {
        const seqs: number[] = [];
        for (let i = 0; i < perSender; i++) {
          seqs.push(seqOf(await send(socket, chatId, `member ${who} says ${i}`)));
        }
        return seqs;
      }),
    );
    const acked = await Promise.all(senders);

    for (const seqs of acked) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    for (const { chatId } of chats) {
      const rows = await storedRows(chatId);
      expect(rows.map((r) => r.seq)).toEqual(
        Array.from({ length: 2 * perSender }, (_, i) => i + 1),
      );
      for (const who of [0, 1]) {
        const mine = rows.filter((r) => r.content.startsWith(`member ${who} `));
        expect(mine.map((r) => r.content)).toEqual(
          Array.from({ length: perSender }, (_, i) => `member ${who} says ${i}`),
        );
      }
    }
  });

  it('stores a message sent several times at once under one id, and answers each with it', async () => {
    const { chatId, sockets } = await connectedChat();
    const id = randomUUID();
    const others = Array.from({ length: 3 }, (_, i) => send(sockets[1]!, chatId, `other ${i}`));
    const repeats = await Promise.all(
      Array.from({ length: 4 }, () => send(sockets[0]!, chatId, 'only once', id)),
    );
    await Promise.all(others);
    const ids = new Set(repeats.map((ack) => (ack as { message: ChatMessage }).message.id));
    expect(ids.size).toBe(1);
    const rows = await storedRows(chatId);
    expect(rows.filter((r) => r.client_msg_id === id)).toHaveLength(1);
    // No seq was taken by the repeats: the stream stays whole.
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
  });

  it('fails only the sender of a message the database refuses, not the others of its batch', async () => {
    const { chatId, sockets } = await connectedChat();
    const { db } = t.app.database;
    await db.execute(sql`alter table messages add constraint refuse_poison
      check (content <> 'poison') not valid`);
    let acks: Ack[];
    try {
      acks = await Promise.all([
        send(sockets[0]!, chatId, 'before'),
        send(sockets[1]!, chatId, 'poison'),
        send(sockets[0]!, chatId, 'after'),
        send(sockets[1]!, chatId, 'also fine'),
      ]);
    } finally {
      await db.execute(sql`alter table messages drop constraint refuse_poison`);
    }
    expect(acks[1]).toMatchObject({ success: false, code: 'INTERNAL_ERROR' });
    for (const ack of [acks[0]!, acks[2]!, acks[3]!]) expect(ack).toHaveProperty('message');
    const rows = await storedRows(chatId);
    expect(rows.map((r) => r.content).sort()).toEqual(['after', 'also fine', 'before']);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
  });
});
