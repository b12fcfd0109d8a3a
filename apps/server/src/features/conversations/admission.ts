import { errors } from '../../lib/errors';

/** Bounds of the wait a refused sender is told (before the client's jitter). */
const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

/**
 * Admission control for the send pipeline: at most `max` sends are worked on by this node at
 * once. Past that a send is refused at once with SERVER_BUSY, so that overload is a clear "slow
 * down" the client's outbox backs off from, instead of an unbounded queue whose acks time out
 * and whose retries write more rows than are acknowledged.
 */
export function createAdmission(max: number) {
  let inflight = 0;
  // A moving average of how long an admitted send takes: roughly how soon a place frees up.
  let averageMs = MIN_RETRY_MS;

  /** Throws SERVER_BUSY when there is no room. */
  function assertRoom(): void {
    if (inflight >= max) {
      throw errors.serverBusy(
        Math.round(Math.min(MAX_RETRY_MS, Math.max(MIN_RETRY_MS, averageMs))),
      );
    }
  }

  return {
    /** Sends being worked on now. */
    get inflight() {
      return inflight;
    },
    /** The check alone, for the gateway to refuse before it spends anything on the event. */
    assertRoom,
    /** Runs `work` if there is room; throws SERVER_BUSY (nothing done) if there is none. */
    async run<T>(work: () => Promise<T>): Promise<T> {
      assertRoom();
      inflight++;
      const started = performance.now();
      try {
        return await work();
      } finally {
        inflight--;
        averageMs = averageMs * 0.9 + (performance.now() - started) * 0.1;
      }
    },
  };
}
export type Admission = ReturnType<typeof createAdmission>;
