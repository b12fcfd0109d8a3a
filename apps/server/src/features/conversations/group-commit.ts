import type { Db, Executor } from '../../db/client';
import type { MessageRow } from '../../db/schema';
import type { EventBus } from '../../lib/events';
import * as repo from './messages.repository';

/** A message stored by the pipeline, or found stored by a retry (`created: false`). */
export type Stored = { row: MessageRow; created: boolean };

/** What commits with a newly stored message, in its transaction (its moderation event, news). */
export type WithMessage = (tx: Executor, stored: Stored) => Promise<void>;

interface Waiting {
  values: repo.NewMessage;
  withMessage: WithMessage;
  resolve(stored: Stored | undefined): void;
  reject(error: unknown): void;
}

/** How long the first send of a batch waits for others, and how many one batch takes. */
export const GROUP_COMMIT_WINDOW_MS = 2;
export const GROUP_COMMIT_MAX = 64;

/**
 * Group commit (DESIGN §5): sends validated one by one are written together, in one
 * transaction with one multi-row insert; each sender learns of its message after that commit.
 * One batch is written at a time, so messages keep the order they arrived in. If a batch fails
 * (one bad row), its messages are written again one by one, so only the bad one fails.
 */
export function createGroupCommit(deps: {
  db: Db;
  events: EventBus;
  windowMs?: number;
  maxBatch?: number;
}) {
  const { db, events } = deps;
  const windowMs = deps.windowMs ?? GROUP_COMMIT_WINDOW_MS;
  const maxBatch = deps.maxBatch ?? GROUP_COMMIT_MAX;
  let queue: Waiting[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing = false;

  const keyOf = (v: repo.NewMessage) =>
    v.clientMsgId ? `${v.conversationId}:${v.senderId}:${v.clientMsgId}` : undefined;

  /** The stored message of a send that inserted nothing: a retry, or a closed conversation. */
  async function storedBefore(values: repo.NewMessage): Promise<Stored | undefined> {
    if (!values.senderId || !values.clientMsgId) return undefined;
    const row = await repo.findByClientMsgId(
      db,
      values.conversationId,
      values.senderId,
      values.clientMsgId,
    );
    return row && { row, created: false };
  }

  /** One message in a transaction of its own (today's path, and the fallback). */
  function writeOne(w: Waiting): Promise<void> {
    return events
      .transaction(db, async (tx) => {
        const stored = await repo.insertMessage(tx, w.values);
        if (stored?.created) await w.withMessage(tx, stored);
        return stored;
      })
      .then(w.resolve, w.reject);
  }

  async function writeBatch(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return writeOne(batch[0]!);
    // A retry sent twice into one batch is inserted once; the repeat finds it after commit.
    const seen = new Set<string>();
    const unique: Waiting[] = [];
    const repeats: Waiting[] = [];
    for (const w of batch) {
      const key = keyOf(w.values);
      if (key && seen.has(key)) repeats.push(w);
      else {
        if (key) seen.add(key);
        unique.push(w);
      }
    }
    let rows: (MessageRow | undefined)[];
    try {
      rows = await events.transaction(db, async (tx) => {
        const inserted = await repo.insertMessages(
          tx,
          unique.map((w) => w.values),
        );
        for (const [i, w] of unique.entries()) {
          const row = inserted[i];
          if (row) await w.withMessage(tx, { row, created: true });
        }
        return inserted;
      });
    } catch {
      for (const w of batch) await writeOne(w);
      return;
    }
    for (const [i, w] of unique.entries()) {
      const row = rows[i];
      if (row) w.resolve({ row, created: true });
      else await storedBefore(w.values).then(w.resolve, w.reject);
    }
    for (const w of repeats) await storedBefore(w.values).then(w.resolve, w.reject);
  }

  async function flush() {
    timer = undefined;
    if (writing) return;
    writing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, maxBatch);
        queue = queue.slice(maxBatch);
        await writeBatch(batch);
      }
    } finally {
      writing = false;
    }
  }

  return {
    /**
     * Stores a validated message with what must commit with it; resolves after the commit with
     * the stored row, or undefined when the conversation is not active.
     */
    store(values: repo.NewMessage, withMessage: WithMessage): Promise<Stored | undefined> {
      return new Promise((resolve, reject) => {
        queue.push({ values, withMessage, resolve, reject });
        if (writing) return;
        if (queue.length >= maxBatch) {
          clearTimeout(timer);
          void flush();
        } else timer ??= setTimeout(() => void flush(), windowMs);
      });
    },
  };
}
export type GroupCommit = ReturnType<typeof createGroupCommit>;
