import {
  type Attachment,
  attachmentSchema,
  type ChatMessage,
  type CrisisSupport,
  type ErrorCode,
} from '@kindred/protocol';
import { z } from 'zod';

/**
 * The persistent outbox (DESIGN §5.1). A message is written here, under a client_msg_id, before it
 * is emitted, and stays until the server acknowledges it; after a reload or a reconnect every
 * pending entry is sent again with the same id, which the server turns into the stored message
 * instead of a second copy. Plain functions over a Storage, so that it can be tested in Node.
 */

export const OUTBOX_MAX_ENTRIES = 100;
/** Failed entries are kept this long so the text can be edited or removed, then forgotten. */
export const FAILED_ENTRY_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const RETRY_BASE_MS = 1000;
const RETRY_MAX_MS = 30_000;

const entrySchema = z.object({
  client_msg_id: z.string().min(1),
  session_id: z.string().min(1),
  content: z.string(),
  /** An uploaded file the message carries (its text is then an optional caption). */
  attachment: attachmentSchema.optional(),
  /** A library resource the message shares (shown as a card; the text is then empty). */
  resource: z.object({ id: z.string(), type: z.string(), title: z.string() }).optional(),
  created_at: z.number(),
  status: z.enum(['pending', 'failed']),
  /** For failed entries: why, as the server said it. For pending ones: the last transient error. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type OutboxEntry = z.infer<typeof entrySchema>;
/** What the outbox keeps of a shared resource: enough to show it while it is sent. */
export type SharedResourceRef = NonNullable<OutboxEntry['resource']>;

const storedSchema = z.object({ v: z.literal(1), entries: z.array(entrySchema) });

/** localStorage, or anything with the same three methods (tests, private mode fallback). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** One outbox per user on a shared browser. */
export const outboxKey = (userId: string) => `kindred.outbox.v1.${userId}`;

/** The entries stored under `key`; an unreadable value counts as empty. */
export function readEntries(storage: KeyValueStorage, key: string): OutboxEntry[] {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return [];
  }
  if (!raw) return [];
  try {
    const parsed = storedSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data.entries : [];
  } catch {
    return [];
  }
}

export function writeEntries(storage: KeyValueStorage, key: string, entries: OutboxEntry[]): void {
  if (entries.length === 0) storage.removeItem(key);
  else storage.setItem(key, JSON.stringify({ v: 1, entries }));
}

/**
 * A random (version 4) UUID. crypto.randomUUID exists only in secure contexts (HTTPS, localhost);
 * a server reached over plain HTTP on a LAN address still gets ids from getRandomValues.
 */
export function newClientMsgId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Errors that will fail again however often the message is re-sent. */
const permanentCodes: ReadonlySet<string> = new Set<ErrorCode>([
  'VALIDATION_ERROR',
  'MESSAGE_BLOCKED',
  'NOT_A_MEMBER',
  'CONVERSATION_ENDED',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'FORBIDDEN',
  'ACCOUNT_BANNED',
  // Direct messages: one of the two blocked the other, or the conversation is gone.
  'USER_BLOCKED',
  'CONVERSATION_NOT_FOUND',
  'UNAUTHORIZED_ACTION',
]);

/** True for failures that leave the outbox; everything else (timeouts, RATE_LIMITED…) retries. */
export function isPermanentFailure(code: string): boolean {
  return permanentCodes.has(code);
}

export type SendOutcome =
  | { ok: true; message: ChatMessage; crisis_support?: CrisisSupport }
  | { ok: false; code: string; error: string; retry_after_ms?: number };

/** Pending entries grouped by conversation, conversations in the order of their oldest entry. */
export function pendingByConversation(entries: OutboxEntry[]): Map<string, OutboxEntry[]> {
  const groups = new Map<string, OutboxEntry[]>();
  for (const entry of entries) {
    if (entry.status !== 'pending') continue;
    const group = groups.get(entry.session_id);
    if (group) group.push(entry);
    else groups.set(entry.session_id, [entry]);
  }
  return groups;
}

/** Drops failed entries older than FAILED_ENTRY_MAX_AGE_MS. Pending ones wait for the server. */
export function pruneEntries(entries: OutboxEntry[], now: number): OutboxEntry[] {
  return entries.filter(
    (entry) => entry.status === 'pending' || now - entry.created_at < FAILED_ENTRY_MAX_AGE_MS,
  );
}

/**
 * Exponential backoff with full jitter for transient failures: anywhere up to 1 s, 2 s, 4 s… up
 * to 30 s, after the wait the server asked for (SERVER_BUSY's `retry_after_ms`). Full jitter
 * spreads the clients a busy server turned away, so they do not all come back at once.
 */
export function retryDelayMs(failures: number, random = Math.random, serverWaitMs = 0): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(serverWaitMs + random() * ceiling);
}

export class OutboxFullError extends Error {
  override readonly name = 'OutboxFullError';
  constructor() {
    super(
      `${OUTBOX_MAX_ENTRIES} messages are already waiting to be sent. Please wait until you're back online.`,
    );
  }
}

export interface OutboxDeps {
  storage: KeyValueStorage;
  key: string;
  /** Emits send_message with the entry's id and resolves with the ack (never rejects). */
  send(entry: OutboxEntry): Promise<SendOutcome>;
  /** False while the socket is down: nothing is attempted until the next flush. */
  isConnected(): boolean;
  /** The server stored the message. */
  onSent?(entry: OutboxEntry, outcome: Extract<SendOutcome, { ok: true }>): void;
  /** Waits `ms` then calls `run`; returns a cancel function. */
  schedule?(run: () => void, ms: number): () => void;
  newId?(): string;
  now?(): number;
  /** A number in [0, 1) for the backoff's jitter. */
  random?(): number;
}

export interface Outbox {
  /** Every entry, pending and failed, oldest first. */
  entries(): OutboxEntry[];
  /**
   * Stores a new message (before anything is emitted) and starts sending it. `firstAttempt`
   * resolves with the outcome of its first send, or null when it could not be tried yet.
   */
  add(
    sessionId: string,
    content: string,
    attachment?: Attachment,
    resource?: SharedResourceRef,
  ): { entry: OutboxEntry; firstAttempt: Promise<SendOutcome | null> };
  /** Forgets an entry (the "Remove" action, or "Edit", which puts the text back in the input). */
  remove(clientMsgId: string): OutboxEntry | undefined;
  /** The message arrived by another path (new_message, sync, another tab): done. */
  resolve(clientMsgId: string): void;
  /** Sends every pending entry, in order, one conversation at a time. */
  flush(): Promise<void>;
  /** Re-reads storage (another tab changed it) and tells subscribers. */
  reload(): void;
  subscribe(listener: (entries: OutboxEntry[]) => void): () => void;
  /** Stops retry timers. */
  dispose(): void;
}

/** The outbox of one user: state lives in storage, so every tab of that user shares it. */
export function createOutbox(deps: OutboxDeps): Outbox {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? newClientMsgId;
  const schedule =
    deps.schedule ??
    ((run: () => void, ms: number) => {
      const timer = setTimeout(run, ms);
      return () => clearTimeout(timer);
    });
  const listeners = new Set<(entries: OutboxEntry[]) => void>();
  const waiters = new Map<string, (outcome: SendOutcome | null) => void>();
  let running: Promise<void> | null = null;
  let again = false;
  let failures = 0;
  // The longest wait the server asked for in the last pass (SERVER_BUSY).
  let serverWaitMs = 0;
  let busyUntil = 0;
  let cancelRetry: (() => void) | null = null;
  let disposed = false;

  // Each change re-reads storage first, so that tabs adding entries at once do not drop each other's.
  const load = () => readEntries(deps.storage, deps.key);
  const notify = (entries: OutboxEntry[]) => listeners.forEach((listener) => listener(entries));
  function change(update: (entries: OutboxEntry[]) => OutboxEntry[]): OutboxEntry[] {
    const entries = update(load());
    writeEntries(deps.storage, deps.key, entries);
    notify(entries);
    return entries;
  }

  function settle(clientMsgId: string, outcome: SendOutcome | null) {
    const waiter = waiters.get(clientMsgId);
    if (!waiter) return;
    waiters.delete(clientMsgId);
    waiter(outcome);
  }

  /** One pass; true when something must be tried again later. */
  async function flushOnce(): Promise<boolean> {
    let retry = false;
    serverWaitMs = 0;
    for (const sessionId of pendingByConversation(load()).keys()) {
      for (;;) {
        if (disposed || !deps.isConnected()) return false;
        // Re-read: another tab or a new_message may have settled entries meanwhile.
        const entry = pendingByConversation(load()).get(sessionId)?.[0];
        if (!entry) break;
        const outcome = await deps.send(entry);
        if (disposed) return false;
        if (outcome.ok) {
          change((entries) => entries.filter((e) => e.client_msg_id !== entry.client_msg_id));
          failures = 0;
          deps.onSent?.(entry, outcome);
        } else if (isPermanentFailure(outcome.code)) {
          change((entries) =>
            entries.map((e) =>
              e.client_msg_id === entry.client_msg_id
                ? { ...e, status: 'failed', error: { code: outcome.code, message: outcome.error } }
                : e,
            ),
          );
        } else {
          change((entries) =>
            entries.map((e) =>
              e.client_msg_id === entry.client_msg_id
                ? { ...e, error: { code: outcome.code, message: outcome.error } }
                : e,
            ),
          );
          settle(entry.client_msg_id, outcome);
          serverWaitMs = Math.max(serverWaitMs, outcome.retry_after_ms ?? 0);
          // Later messages of this conversation wait, so that the order stays as written.
          retry = true;
          break;
        }
        settle(entry.client_msg_id, outcome);
      }
    }
    return retry;
  }

  function flush(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    // The server asked for a pause (SERVER_BUSY): new messages wait in the outbox with the rest.
    if (cancelRetry && now() < busyUntil) {
      for (const id of [...waiters.keys()]) settle(id, null);
      return Promise.resolve();
    }
    cancelRetry?.();
    cancelRetry = null;
    running = (async () => {
      let retry = false;
      try {
        do {
          again = false;
          try {
            retry = await flushOnce();
          } catch (error) {
            // Storage refused a write (quota): keep the entries and try again later.
            console.error('outbox flush failed', error);
            retry = true;
          }
          // A busy server is not asked again before its wait is over, new messages or not.
        } while (again && !disposed && serverWaitMs === 0);
      } finally {
        running = null;
        // Whoever waits for an entry that could not be tried (offline) learns it now.
        for (const id of [...waiters.keys()]) settle(id, null);
      }
      if (retry && !disposed && deps.isConnected()) {
        failures++;
        const delay = retryDelayMs(failures, deps.random, serverWaitMs);
        busyUntil = serverWaitMs > 0 ? now() + delay : 0;
        cancelRetry = schedule(() => {
          cancelRetry = null;
          void flush();
        }, delay);
      }
    })();
    return running;
  }

  const outbox: Outbox = {
    entries: load,
    add(sessionId, content, attachment, resource) {
      const current = load();
      if (current.length >= OUTBOX_MAX_ENTRIES) throw new OutboxFullError();
      const entry: OutboxEntry = {
        client_msg_id: newId(),
        session_id: sessionId,
        content,
        ...(attachment ? { attachment } : {}),
        ...(resource ? { resource } : {}),
        created_at: now(),
        status: 'pending',
        error: null,
      };
      change((entries) => [...entries, entry]);
      const firstAttempt = new Promise<SendOutcome | null>((resolve) =>
        waiters.set(entry.client_msg_id, resolve),
      );
      void flush();
      return { entry, firstAttempt };
    },
    remove(clientMsgId) {
      const found = load().find((e) => e.client_msg_id === clientMsgId);
      if (found) change((entries) => entries.filter((e) => e.client_msg_id !== clientMsgId));
      return found;
    },
    resolve(clientMsgId) {
      if (load().some((e) => e.client_msg_id === clientMsgId)) {
        change((entries) => entries.filter((e) => e.client_msg_id !== clientMsgId));
      }
    },
    flush,
    reload() {
      notify(load());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      disposed = true;
      cancelRetry?.();
      cancelRetry = null;
      listeners.clear();
      for (const id of [...waiters.keys()]) settle(id, null);
    },
  };

  // Housekeeping once per page load: old failures go.
  const stored = load();
  const pruned = pruneEntries(stored, now());
  if (pruned.length !== stored.length) writeEntries(deps.storage, deps.key, pruned);

  return outbox;
}
