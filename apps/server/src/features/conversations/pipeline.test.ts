import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import { createConversation, signUp } from '../../../test/factories';

const t = useTestApp();

const count = async (query: ReturnType<typeof sql>) => {
  const result = (await t.app.database.db.execute(query)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
};

/**
 * Makes the database refuse every moderation event, as if the process died between storing a
 * message and queueing it for review.
 */
async function failModerationEvents(on: boolean) {
  const { db } = t.app.database;
  if (on) {
    await db.execute(sql`create or replace function refuse_moderation_event() returns trigger
      language plpgsql as $$ begin raise exception 'moderation queue unavailable'; end $$`);
    await db.execute(sql`create trigger refuse_moderation_event before insert on moderation_events
      for each row execute function refuse_moderation_event()`);
  } else {
    await db.execute(sql`drop trigger if exists refuse_moderation_event on moderation_events`);
  }
}

describe('the send pipeline stores a message and its moderation event together', () => {
  it('never keeps a flagged message without its place in the review queue', async () => {
    const sharer = await signUp(t.app);
    const listener = await signUp(t.app, { roles: ['listener'] });
    const chat = await createConversation(t.app, {
      members: [{ id: sharer.id }, { id: listener.id, role: 'listener' }],
    });
    const message = { content: 'I just want to end it all', client_msg_id: randomUUID() };
    const inChat = sql`select count(*)::int as n from messages where conversation_id = ${chat.id}`;
    const queued = sql`select count(*)::int as n from moderation_events
      where conversation_id = ${chat.id} and status = 'flagged'`;

    await failModerationEvents(true);
    try {
      const failed = await t.api(sharer, 'POST', `/chat/sessions/${chat.id}/messages`, message);
      expect(failed.statusCode).toBe(500);
      expect(failed.json()).toMatchObject({ success: false, code: 'INTERNAL_ERROR' });
    } finally {
      await failModerationEvents(false);
    }
    // Nothing half-written: no message, no seq taken, so the retry stores it whole.
    expect(await count(inChat)).toBe(0);
    expect(await count(sql`select last_seq as n from conversations where id = ${chat.id}`)).toBe(0);

    const retried = await t.api(sharer, 'POST', `/chat/sessions/${chat.id}/messages`, message);
    expect(retried.statusCode).toBe(201);
    expect(retried.json().message).toMatchObject({ seq: 1, content: message.content });
    expect(retried.json().crisis_support).toBeDefined();
    expect(await count(inChat)).toBe(1);
    expect(await count(queued)).toBe(1);
  });
});
