import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
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
});
