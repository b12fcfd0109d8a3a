/**
 * Every socket event counts against the user's per-minute budget for it, whichever socket (or
 * node) it comes from, and one user holds at most SOCKETS_PER_USER_MAX sockets. Past a budget the
 * ack is the error body with RATE_LIMITED and retry_after.
 */
import { SOCKETS_PER_USER_MAX, socketEventBudgetsPerMinute } from '@kindred/protocol';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './app';
import { createConversation, signUp } from './factories';
import { type ClientSocket, emitAck, failed, sleep } from './sockets';

const t = useTestApp({ env: { LISTENER_APPROVAL: 'off' } });

/** The limits count in fixed minutes: start a burst well inside one. */
async function awayFromMinuteEdge() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 15_000) await sleep(left + 200);
}

async function spend(sockets: ClientSocket[], event: string, payload: unknown, times: number) {
  const codes: (string | undefined)[] = [];
  for (let i = 0; i < times; i++) {
    const ack = await emitAck(sockets[i % sockets.length]!, event as never, payload);
    codes.push(ack.success ? undefined : failed(ack).code);
  }
  return codes;
}

describe('socket event budgets', () => {
  it('allows 50 mark_read a minute, then answers RATE_LIMITED with retry_after', async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const chat = await createConversation(t.app, { kind: 'direct', members: [a, b] });
    const socket = await t.connect(a);
    await awayFromMinuteEdge();
    const budget = socketEventBudgetsPerMinute.mark_read;
    expect(budget).toBe(50);
    const codes = await spend([socket], 'mark_read', { session_id: chat.id, seq: 0 }, budget);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toEqual([]);
    const over = failed(await emitAck(socket, 'mark_read', { session_id: chat.id, seq: 0 }));
    expect(over.code).toBe('RATE_LIMITED');
    expect(over.retry_after).toBeGreaterThan(0);
    expect(over.retry_after).toBeLessThanOrEqual(60);
    // Another event has its own budget.
    expect((await emitAck(socket, 'watch_listeners', {})).success).toBe(true);
  });

  it('counts one budget across all of the user’s sockets (sync, status changes)', async () => {
    const a = await signUp(t.app);
    const b = await signUp(t.app);
    const listener = await signUp(t.app, { roles: ['listener'] });
    const chat = await createConversation(t.app, { kind: 'direct', members: [a, b] });
    const tabs = [await t.connect(a), await t.connect(a), await t.connect(a)];
    await awayFromMinuteEdge();
    const syncs = await spend(
      tabs,
      'sync',
      { session_id: chat.id, after_version_seq: 0 },
      socketEventBudgetsPerMinute.sync + 1,
    );
    expect(syncs.slice(0, -1).filter((code) => code === 'RATE_LIMITED')).toEqual([]);
    expect(syncs.at(-1)).toBe('RATE_LIMITED');

    const phone = await t.connect(listener);
    const laptop = await t.connect(listener);
    const changes = await spend(
      [phone, laptop],
      'status_change',
      { availability: 'available' },
      socketEventBudgetsPerMinute.status_change + 1,
    );
    expect(changes.slice(0, -1)).toEqual(
      Array(socketEventBudgetsPerMinute.status_change).fill(undefined),
    );
    expect(changes.at(-1)).toBe('RATE_LIMITED');
  });

  it(`caps a user at ${SOCKETS_PER_USER_MAX} open sockets`, async () => {
    const a = await signUp(t.app);
    const open: ClientSocket[] = [];
    for (let i = 0; i < SOCKETS_PER_USER_MAX; i++) open.push(await t.connect(a));
    await expect(t.connect(a)).rejects.toMatchObject({
      data: { code: 'RATE_LIMITED', retry_after: 30 },
    });
    // Someone else is not affected, and closing one makes room again.
    await t.connect(await signUp(t.app));
    open[0]!.close();
    await sleep(300);
    expect((await t.connect(a)).connected).toBe(true);
  });
});
