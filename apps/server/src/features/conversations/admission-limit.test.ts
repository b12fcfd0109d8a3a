import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../lib/errors';
import { createAdmission } from './admission';

/** A resource that does one thing at a time, `ms` each, as a saturated database would. */
function serialResource(ms: number) {
  let tail = Promise.resolve();
  return () => {
    const done = tail.then(() => sleep(ms));
    tail = done;
    return done;
  };
}

/** Keeps the admission full for `forMs`, as senders retrying after refusals would. */
async function keepFull(
  admission: ReturnType<typeof createAdmission>,
  work: () => Promise<void>,
  forMs: number,
) {
  const until = performance.now() + forMs;
  let refused = 0;
  const running = new Set<Promise<void>>();
  while (performance.now() < until) {
    const p = admission.run(work).then(
      () => void running.delete(p),
      () => {
        refused++;
        running.delete(p);
      },
    );
    running.add(p);
    // Refusals come back at once; give the admitted work a turn now and then.
    if (running.size >= admission.limit) await sleep(1);
  }
  await Promise.all(running);
  return refused;
}

/** What `count` senders arriving at a full admission are told to wait (`retry_after_ms`). */
function refusedWaits(admission: ReturnType<typeof createAdmission>, count: number): number[] {
  const waits: number[] = [];
  for (let i = 0; i < count; i++) {
    try {
      admission.assertRoom();
    } catch (error) {
      waits.push((error as AppError).toBody().retry_after_ms ?? 0);
    }
  }
  return waits;
}

describe('the send admission limit', () => {
  it('starts small, grows with a fast node and shrinks to about a quarter second of a slow one', async () => {
    const admission = createAdmission(1_000);
    expect(admission.limit).toBe(32);

    // Fast: many complete a second, so many may wait.
    await keepFull(admission, () => sleep(1), 600);
    expect(admission.limit).toBeGreaterThan(200);

    // Slow: 200 a second, one at a time; a quarter second of that is about 50.
    const refused = await keepFull(admission, serialResource(5), 2_000);
    expect(refused).toBeGreaterThan(0);
    expect(admission.limit).toBeLessThan(120);
    expect(admission.limit).toBeGreaterThanOrEqual(32);
  });

  it('never admits more than the configured maximum', async () => {
    const admission = createAdmission(5);
    expect(admission.limit).toBe(5);
    await keepFull(admission, () => sleep(1), 300);
    expect(admission.limit).toBe(5);
  });

  it('asks a backlog back at the pace the node completes sends, not all at once', async () => {
    // Slow: 200 a second; kept full long enough for the rate to be measured.
    const admission = createAdmission(1_000);
    const work = serialResource(5);
    await keepFull(admission, work, 1_500);
    const held = Array.from({ length: admission.limit }, () => admission.run(work));
    const waits = refusedWaits(admission, 100);
    await Promise.all(held);
    expect(waits).toHaveLength(100);
    // Each refused sender gets a later time than the one before, about one completion apart
    // (5 ms at 200 a second; more on a slow machine, at most 1/32 s): the hundredth comes back
    // at least half a second after the first, not a moment later.
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1]!);
    const spread = waits.at(-1)! - waits[0]!;
    expect(spread).toBeGreaterThan(300);
    expect(spread).toBeLessThan(3_500);
  });

  it('asks senders refused before anything was measured to come back soon, not half a minute later', async () => {
    // A node just started, and every client's outbox arrives at once.
    const admission = createAdmission(1_000);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = Array.from({ length: admission.limit }, () => admission.run(() => gate));
    const waits = refusedWaits(admission, 1_000);
    release();
    await Promise.all(held);
    expect(waits).toHaveLength(1_000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(1_000);
  });

  it('never asks anyone to wait over a minute, and its schedule is clear a minute after a long overload', async () => {
    let now = 0;
    const admission = createAdmission(1_000, () => now);
    // 200 sends a second, measured.
    for (let i = 0; i < 100; i++) {
      await admission.run(async () => {
        now += 5;
      });
    }
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = Array.from({ length: admission.limit }, () => admission.run(() => gate));

    // Half a minute of overload: a thousand refusals a second, five times what is served.
    const waits: number[] = [];
    for (let second = 0; second < 30; second++, now += 1_000) {
      waits.push(...refusedWaits(admission, 1_000));
    }
    expect(waits).toHaveLength(30_000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(60_000);
    // Those refused once a minute is promised are spread out, not all sent back at its end.
    const last = waits.slice(-1_000);
    expect(Math.min(...last)).toBeGreaterThanOrEqual(30_000);
    expect(new Set(last.map((w) => Math.floor(w / 1_000))).size).toBeGreaterThan(20);

    // A minute after the overload, someone refused (the node still full) comes back soon.
    now += 60_000;
    const [after] = refusedWaits(admission, 1);
    expect(after).toBeLessThanOrEqual(1_000);
    release();
    await Promise.all(held);
  });
});
