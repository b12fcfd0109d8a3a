/**
 * Where someone stopped in an audio or video resource, kept in this browser (localStorage) per
 * user and resource, so that coming back starts where they left off. Plain functions over a
 * Storage, so that they can be tested in Node.
 */

export type PositionStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Closer than this to the start or the end, there is nothing worth resuming. */
export const RESUME_MARGIN_SECONDS = 5;

export const positionKey = (userId: string, resourceId: string) =>
  `kindred.playback.v1.${userId}.${resourceId}`;

/** The second to resume from, or null (nothing stored, unreadable, or too near either end). */
export function readPosition(
  storage: PositionStorage,
  key: string,
  duration: number | null,
): number | null {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return null;
  }
  if (!raw) return null;
  let seconds: unknown;
  try {
    seconds = (JSON.parse(raw) as { seconds?: unknown }).seconds;
  } catch {
    return null;
  }
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return null;
  if (seconds < RESUME_MARGIN_SECONDS) return null;
  if (duration !== null && Number.isFinite(duration) && seconds > duration - RESUME_MARGIN_SECONDS)
    return null;
  return seconds;
}

/**
 * Remembers `seconds`; forgets the place when it is at the very start or the end (finished), so
 * that the next play starts from the beginning.
 */
export function writePosition(
  storage: PositionStorage,
  key: string,
  seconds: number,
  duration: number | null,
): void {
  const finished =
    duration !== null && Number.isFinite(duration) && seconds > duration - RESUME_MARGIN_SECONDS;
  try {
    if (seconds < RESUME_MARGIN_SECONDS || finished) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify({ seconds: Math.floor(seconds), at: Date.now() }));
  } catch {
    // Storage full or refused (private mode): resuming is a nicety, playing goes on.
  }
}

/** "12:05" or "1:02:03" for a position in seconds. */
export function formatClock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
