import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../../test/app';
import type { Executor } from '../db/client';
import { createEventBus, type DomainEvents } from './events';

const t = useTestApp();
const blocked: DomainEvents['user.blocked'] = { blockerId: 'a', blockedId: 'b' };

function bus() {
  const log = { error: vi.fn() } as unknown as FastifyBaseLogger & {
    error: ReturnType<typeof vi.fn>;
  };
  return { log, events: createEventBus({ db: t.app.database.db, log }) };
}

const rows = async (executor: Executor) => {
  const result = (await executor.execute(
    sql`select count(*)::int as n from event_probe`,
  )) as unknown as {
    rows: { n: number }[];
  };
  return result.rows[0]!.n;
};

beforeAll(async () => {
  await t.app.database.db.execute(sql`create table event_probe (id serial primary key)`);
});

describe('the event bus', () => {
  it('tells after-commit subscribers only once the transaction committed', async () => {
    const { events } = bus();
    const seen: { committedRows: number }[] = [];
    events.on('user.blocked', async () => {
      seen.push({ committedRows: await rows(t.app.database.db) });
    });
    const before = await rows(t.app.database.db);
    await events.transaction(t.app.database.db, async (tx) => {
      await tx.execute(sql`insert into event_probe default values`);
      await events.publish(tx, 'user.blocked', blocked);
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual([{ committedRows: before + 1 }]);
  });

  it('tells nobody when the transaction rolls back', async () => {
    const { events } = bus();
    const heard = vi.fn();
    events.on('user.blocked', heard);
    await expect(
      events.transaction(t.app.database.db, async (tx) => {
        await events.publish(tx, 'user.blocked', blocked);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(heard).not.toHaveBeenCalled();
  });

  it('runs in-transaction subscribers inside it: their write rolls back with the publisher', async () => {
    const { events } = bus();
    events.within('user.blocked', async (tx) => {
      await tx.execute(sql`insert into event_probe default values`);
    });
    const before = await rows(t.app.database.db);
    await expect(
      events.transaction(t.app.database.db, async (tx) => {
        await events.publish(tx, 'user.blocked', blocked);
        expect(await rows(tx)).toBe(before + 1);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow();
    expect(await rows(t.app.database.db)).toBe(before);
  });

  it('logs a failing subscriber and still runs the others and answers the publisher', async () => {
    const { events, log } = bus();
    const second = vi.fn();
    events.on('user.blocked', () => {
      throw new Error('subscriber broke');
    });
    events.on('user.blocked', second);
    await expect(
      events.transaction(t.app.database.db, (tx) => events.publish(tx, 'user.blocked', blocked)),
    ).resolves.toBeUndefined();
    expect(second).toHaveBeenCalledWith(blocked);
    expect(log.error).toHaveBeenCalledWith(
      expect.objectContaining({ event: 'user.blocked' }),
      'event subscriber failed',
    );
  });

  it('refuses to publish in a transaction it did not open (its news could be rolled back)', async () => {
    const { events } = bus();
    await expect(
      t.app.database.db.transaction((tx) => events.publish(tx, 'user.blocked', blocked)),
    ).rejects.toThrow(/not opened by events.transaction/);
  });
});
