import { errors } from '../../lib/errors';

/** Bounds of the wait a refused sender is told (before the client's jitter). */
const MIN_RETRY_MS = 100;
const MAX_RETRY_MS = 60_000;

/**
 * How much work may wait, in seconds of this node's measured throughput (Little's law: the wait
 * is the number in flight divided by the rate they complete at). Past it a send would wait
 * longer than a person notices, or than the client's ack timeout on a starved machine.
 */
const TARGET_WAIT_SECONDS = 0.25;
/** Admitted whatever the measured rate (a cold node has measured nothing yet). */
const FLOOR = 32;
/** How often the completion rate is re-estimated. */
const RATE_WINDOW_MS = 250;

/**
 * Admission control for the send pipeline: at most `max` sends are worked on by this node at
 * once, and fewer when the node is slower: the limit follows the measured completion rate so
 * that an admitted send waits about TARGET_WAIT_SECONDS at most. Past the limit a send is
 * refused at once with SERVER_BUSY, so that overload is a clear "slow down" the client's outbox
 * backs off from, instead of an unbounded queue whose acks time out and whose retries write
 * more rows than are acknowledged.
 */
export function createAdmission(max: number, clock: () => number = () => performance.now()) {
  let inflight = 0;
  // A moving average of how long an admitted send takes: roughly how soon a place frees up.
  let averageMs = MIN_RETRY_MS;
  // Completions per second, smoothed; and the window being counted.
  let ratePerSec = 0;
  let windowStart = clock();
  let completedInWindow = 0;
  // Whether the limit was reached in this window: only then does a low rate say the node is
  // slow (rather than that few people were sending).
  let saturated = false;

  /** How many may be in flight now. */
  function limit(): number {
    const byRate = Math.ceil(ratePerSec * TARGET_WAIT_SECONDS);
    return Math.min(max, Math.max(Math.min(FLOOR, max), byRate));
  }

  function completed(now: number): void {
    completedInWindow++;
    const elapsed = now - windowStart;
    if (elapsed < RATE_WINDOW_MS) return;
    const rate = (completedInWindow * 1000) / elapsed;
    // Mostly the last window: a node that slows down should stop admitting within a second.
    const smoothed = ratePerSec === 0 ? rate : ratePerSec * 0.25 + rate * 0.75;
    ratePerSec = saturated ? smoothed : Math.max(ratePerSec, smoothed);
    windowStart = now;
    completedInWindow = 0;
    saturated = false;
  }

  // Refused senders are given times to come back that follow one another at the rate this node
  // completes sends: the next free time moves on by one completion interval per refusal. A
  // backlog is then asked back at about the pace it can be served, instead of all at once a
  // moment later (which turns an overload into a storm of refusals that takes the node's CPU).
  let nextFreeAt = 0;

  /** How long this refused sender should wait: its place among the refused. */
  function retryAfterMs(now: number): number {
    // Before a single window is measured the node's pace is unknown, and spacing a burst (every
    // client flushing its outbox at a restart) at the floor's pace would send the last of a
    // thousand away for half a minute: come back soon, when the pace is known.
    if (ratePerSec === 0) return Math.round(Math.max(MIN_RETRY_MS, averageMs));
    const interval = 1000 / Math.max(ratePerSec, FLOOR);
    const next = Math.max(nextFreeAt, now + Math.max(MIN_RETRY_MS, averageMs)) + interval;
    if (next - now <= MAX_RETRY_MS) {
      nextFreeAt = next;
      return Math.round(next - now);
    }
    // A whole minute is promised already (a long overload): the schedule goes no further, so
    // that it is empty a minute after the overload ends, and these senders come back spread
    // over the minute's second half rather than together at its end.
    nextFreeAt = now + MAX_RETRY_MS;
    return Math.round(MAX_RETRY_MS * (0.5 + Math.random() * 0.5));
  }

  /** Throws SERVER_BUSY when there is no room. */
  function assertRoom(): void {
    if (inflight + 1 >= limit()) saturated = true;
    if (inflight >= limit()) throw errors.serverBusy(retryAfterMs(clock()));
  }

  return {
    /** Sends being worked on now. */
    get inflight() {
      return inflight;
    },
    /** How many may be in flight now (follows the measured rate, within [32, max]). */
    get limit() {
      return limit();
    },
    /** The check alone, for the gateway to refuse before it spends anything on the event. */
    assertRoom,
    /** Runs `work` if there is room; throws SERVER_BUSY (nothing done) if there is none. */
    async run<T>(work: () => Promise<T>): Promise<T> {
      assertRoom();
      inflight++;
      const started = clock();
      try {
        return await work();
      } finally {
        inflight--;
        const now = clock();
        averageMs = averageMs * 0.9 + (now - started) * 0.1;
        completed(now);
      }
    },
  };
}
export type Admission = ReturnType<typeof createAdmission>;
