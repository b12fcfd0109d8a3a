import {
  closeSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * The embedded database is one process's alone: two processes on the same files each see only
 * their own writes, and whatever one of them acknowledged is gone once both stop. So the data
 * directory carries a lock file naming its holder. The lock dies with its process: a holder that
 * is no longer running (killed with SIGKILL, a crash, a power cut) is recognised and replaced.
 */

export const LOCK_FILE = 'kindred.lock';
/** A half-taken lock (the holder died between its two steps) older than this is stale. */
const BREAKER_STALE_MS = 10_000;
/** The holder touches its lock this often, so that another machine can tell it still runs. */
const HEARTBEAT_MS = 10_000;
/** A lock from another host (a shared volume, a recreated container) untouched this long is stale. */
const FOREIGN_STALE_MS = 6 * HEARTBEAT_MS;

interface Holder {
  pid: number;
  host: string;
  /** The kernel's start time of the process (Linux), so a reused pid is not mistaken for it. */
  startTicks: string | null;
  /** What the holder is: "server on 127.0.0.1:3000", "seed". */
  purpose: string;
  since: string;
}

/** Thrown when another running process holds the data directory; the message names it. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: Holder,
  ) {
    super(
      `The database in ${dataDir} is in use by another Kindred process: ${holder.purpose}, ` +
        `pid ${holder.pid} on ${holder.host}, running since ${holder.since}. ` +
        'Only one process may open the embedded database at a time: stop that one first ' +
        '(or use PostgreSQL, DATABASE_URL, to run several nodes).',
    );
    this.name = 'DataDirLockedError';
  }
}

function processStartTicks(pid: number | 'self'): string | null {
  try {
    // Field 22 of /proc/<pid>/stat; the command name (field 2) may contain spaces, so count
    // from the closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isRunning(holder: Holder, file: string): boolean {
  // Another machine's (or container's) process cannot be asked: it runs while it keeps touching
  // the lock.
  if (holder.host !== hostname()) return youngerThan(file, FOREIGN_STALE_MS);
  if (holder.pid === process.pid) return false; // Our own pid, but we do not hold it yet: a restart.
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const ticks = processStartTicks(holder.pid);
  // Same pid, but started at another time: a new process reused the number.
  return !(holder.startTicks && ticks && ticks !== holder.startTicks);
}

function readHolder(file: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    if (typeof parsed.pid !== 'number') return undefined;
    return {
      pid: parsed.pid,
      host: parsed.host ?? hostname(),
      startTicks: parsed.startTicks ?? null,
      purpose: parsed.purpose ?? 'unknown',
      since: parsed.since ?? 'unknown',
    };
  } catch {
    return undefined;
  }
}

function createExclusive(file: string, content: string): boolean {
  try {
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function youngerThan(file: string, ms: number): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < ms;
  } catch {
    return false;
  }
}

const removeQuietly = (file: string) => {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
};

/**
 * Takes the data directory for this process, or throws DataDirLockedError naming the process
 * that has it. Returns the release function (also run when the process exits).
 */
export function lockDataDir(dataDir: string, purpose: string): () => void {
  const file = path.join(dataDir, LOCK_FILE);
  const breaker = `${file}.break`;
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    startTicks: processStartTicks('self'),
    purpose,
    since: new Date().toISOString(),
  };
  const content = JSON.stringify(me);

  for (let attempt = 0; attempt < 40; attempt++) {
    if (createExclusive(file, content)) {
      let released = false;
      const heartbeat = setInterval(() => {
        try {
          const now = new Date();
          utimesSync(file, now, now);
        } catch {
          // Gone (the directory was removed): nothing to keep alive.
        }
      }, HEARTBEAT_MS);
      heartbeat.unref();
      const release = () => {
        if (released) return;
        released = true;
        clearInterval(heartbeat);
        process.off('exit', release);
        // Only our own lock: never one a later process took after ours was judged stale.
        if (readHolder(file)?.pid === me.pid && readHolder(file)?.since === me.since) {
          removeQuietly(file);
        }
      };
      process.on('exit', release);
      return release;
    }
    const holder = readHolder(file);
    if (holder && isRunning(holder, file)) throw new DataDirLockedError(dataDir, holder);
    if (!holder && youngerThan(file, 2_000)) {
      // A lock file being written this very moment reads as empty: look again shortly.
      pause(100);
      continue;
    }
    // Stale. Only one process may clear it, or two could each clear the other's fresh lock.
    if (!createExclusive(breaker, content)) {
      try {
        if (!youngerThan(breaker, BREAKER_STALE_MS)) removeQuietly(breaker);
      } catch {
        // The other process finished clearing.
      }
      pause(100);
      continue;
    }
    try {
      const again = readHolder(file);
      if (!again || !isRunning(again, file)) removeQuietly(file);
    } finally {
      removeQuietly(breaker);
    }
  }
  const holder = readHolder(file);
  if (holder) throw new DataDirLockedError(dataDir, holder);
  throw new Error(`Could not lock ${file}`);
}
