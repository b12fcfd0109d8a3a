import { describe, expect, it } from 'vitest';
import { createLimiter } from './concurrency';

/** A task that waits until `release` is called, recording when it started. */
function gate(started: number[], id: number) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { task: async () => (started.push(id), await done, id), release: () => release() };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('createLimiter', () => {
  it('runs at most `limit` tasks at once and starts the others in the order they came', async () => {
    const run = createLimiter(2);
    const started: number[] = [];
    const gates = [1, 2, 3, 4, 5].map((id) => gate(started, id));
    const results = gates.map((g) => run(g.task));
    await turn();
    expect(started).toEqual([1, 2]);
    gates[1]!.release();
    await turn();
    expect(started).toEqual([1, 2, 3]);
    gates[0]!.release();
    gates[2]!.release();
    await turn();
    expect(started).toEqual([1, 2, 3, 4, 5]);
    gates[3]!.release();
    gates[4]!.release();
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives a failed task’s place to the next; only its caller sees the error', async () => {
    const run = createLimiter(1);
    const failed = run(async () => {
      throw new Error('query failed');
    });
    const next = run(async () => 'next ran');
    await expect(failed).rejects.toThrow('query failed');
    expect(await next).toBe('next ran');
    // The place was given back: a later task runs at once.
    expect(await run(async () => 'later ran')).toBe('later ran');
  });
});
