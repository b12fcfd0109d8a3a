import type { ChatMessage } from '@kindred/protocol';
import { describe, expect, it, vi } from 'vitest';
import {
  createOutbox,
  FAILED_ENTRY_MAX_AGE_MS,
  isPermanentFailure,
  newClientMsgId,
  OUTBOX_MAX_ENTRIES,
  OutboxFullError,
  type OutboxDeps,
  type OutboxEntry,
  outboxKey,
  pendingByConversation,
  readEntries,
  retryDelayMs,
  type SendOutcome,
  writeEntries,
} from './outbox';
import { memoryStorage } from '../../lib/memory-storage';

let seq = 0;
function storedMessage(entry: OutboxEntry): ChatMessage {
  seq++;
  const id = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  return {
    id,
    message_id: id,
    session_id: entry.session_id,
    seq,
    version_seq: seq,
    client_msg_id: entry.client_msg_id,
    sender_id: 'me',
    sender_pseudonym: 'Me',
    kind: 'text',
    content: entry.content,
    sent_at: new Date(0).toISOString(),
    edited_at: null,
    deleted_at: null,
    is_own_message: true,
    reactions: [],
    removed: false,
    attachment: null,
  };
}

const ok = (entry: OutboxEntry): SendOutcome => ({ ok: true, message: storedMessage(entry) });
const fail = (code: string): SendOutcome => ({ ok: false, code, error: `failed: ${code}` });

/** An outbox over memory storage whose sends are recorded and answered by `answer`. */
function setup(
  options: {
    answer?: (entry: OutboxEntry, attempt: number) => SendOutcome | Promise<SendOutcome>;
    storage?: ReturnType<typeof memoryStorage>;
    key?: string;
    connected?: boolean;
  } = {},
) {
  const storage = options.storage ?? memoryStorage();
  const key = options.key ?? outboxKey('user-1');
  const sent: { id: string; content: string; storedBefore: boolean }[] = [];
  const scheduled: { run: () => void; ms: number }[] = [];
  const state = { connected: options.connected ?? true };
  let ids = 0;
  const onSent = vi.fn();
  const deps: OutboxDeps = {
    storage,
    key,
    isConnected: () => state.connected,
    send: async (entry) => {
      const storedBefore = readEntries(storage, key).some(
        (e) => e.client_msg_id === entry.client_msg_id,
      );
      sent.push({ id: entry.client_msg_id, content: entry.content, storedBefore });
      const attempt = sent.filter((s) => s.id === entry.client_msg_id).length;
      return (options.answer ?? ((e: OutboxEntry) => ok(e)))(entry, attempt);
    },
    onSent,
    schedule: (run, ms) => {
      scheduled.push({ run, ms });
      return () => undefined;
    },
    newId: () => `id-${++ids}`,
    now: () => 1_000_000,
  };
  const outbox = createOutbox(deps);
  return { outbox, storage, key, sent, scheduled, state, onSent, deps };
}

describe('outbox', () => {
  it('stores a message before emitting it, and forgets it once acknowledged', async () => {
    const { outbox, sent, onSent } = setup();
    const { entry, firstAttempt } = outbox.add('s1', 'hello');
    expect(await firstAttempt).toMatchObject({ ok: true });
    expect(sent).toEqual([{ id: entry.client_msg_id, content: 'hello', storedBefore: true }]);
    expect(outbox.entries()).toEqual([]);
    expect(onSent).toHaveBeenCalledOnce();
    expect(onSent.mock.calls[0]?.[1].message.client_msg_id).toBe(entry.client_msg_id);
  });

  it('keeps a shared resource with its entry, through storage, until it is sent', async () => {
    const { outbox, storage, key, state } = setup({ connected: false });
    const resource = { id: 'r-1', type: 'article', title: 'Box breathing' };
    outbox.add('s1', '', undefined, resource);
    expect(readEntries(storage, key)[0]?.resource).toEqual(resource);
    state.connected = true;
    await outbox.flush();
    expect(outbox.entries()).toEqual([]);
  });

  it('keeps messages written while offline and sends them on reconnect with the same ids, in order', async () => {
    const { outbox, sent, state } = setup({ connected: false });
    const a = outbox.add('s1', 'first');
    const b = outbox.add('s1', 'second');
    expect(await a.firstAttempt).toBeNull();
    expect(await b.firstAttempt).toBeNull();
    expect(sent).toEqual([]);
    expect(outbox.entries().map((e) => [e.content, e.status])).toEqual([
      ['first', 'pending'],
      ['second', 'pending'],
    ]);

    state.connected = true;
    await outbox.flush();
    expect(sent.map((s) => [s.id, s.content])).toEqual([
      [a.entry.client_msg_id, 'first'],
      [b.entry.client_msg_id, 'second'],
    ]);
    expect(outbox.entries()).toEqual([]);
  });

  it('survives a reload: a new outbox over the same storage sends what was pending', async () => {
    const first = setup({ connected: false });
    const { entry } = first.outbox.add('s1', 'written before the reload');
    first.outbox.dispose();

    const second = setup({ storage: first.storage });
    await second.outbox.flush();
    expect(second.sent.map((s) => s.id)).toEqual([entry.client_msg_id]);
    expect(second.outbox.entries()).toEqual([]);
  });

  it('sends one conversation at a time, each in the order written', async () => {
    const { outbox, sent, state } = setup({ connected: false });
    outbox.add('a', 'a1');
    outbox.add('b', 'b1');
    outbox.add('a', 'a2');
    outbox.add('b', 'b2');
    state.connected = true;
    await outbox.flush();
    expect(sent.map((s) => s.content)).toEqual(['a1', 'a2', 'b1', 'b2']);
  });

  it.each(['VALIDATION_ERROR', 'MESSAGE_BLOCKED', 'NOT_A_MEMBER', 'CONVERSATION_ENDED'])(
    'marks a message failed on %s, keeps its text, and never sends it again',
    async (code) => {
      const { outbox, sent } = setup({
        answer: (e) => (e.content === 'bad' ? fail(code) : ok(e)),
      });
      const bad = outbox.add('s1', 'bad');
      expect(await bad.firstAttempt).toMatchObject({ ok: false, code });
      const good = outbox.add('s1', 'good');
      expect(await good.firstAttempt).toMatchObject({ ok: true });

      expect(outbox.entries()).toEqual([
        expect.objectContaining({
          content: 'bad',
          status: 'failed',
          error: { code, message: `failed: ${code}` },
        }),
      ]);
      await outbox.flush();
      expect(sent.map((s) => s.content)).toEqual(['bad', 'good']);
    },
  );

  it.each(['TIMEOUT', 'DISCONNECTED', 'RATE_LIMITED', 'INTERNAL_ERROR'])(
    'keeps a message pending on %s and retries it later with the same id, holding back later ones',
    async (code) => {
      const { outbox, sent } = setup({
        answer: (e, attempt) => (e.content === 'one' && attempt === 1 ? fail(code) : ok(e)),
      });
      const one = outbox.add('s1', 'one');
      await one.firstAttempt;
      const two = outbox.add('s1', 'two');
      const other = outbox.add('s2', 'elsewhere');
      await Promise.all([two.firstAttempt, other.firstAttempt]);

      // "two" waits behind "one"; the other conversation is not held up.
      expect(sent.map((s) => s.content)).toEqual(['one', 'one', 'two', 'elsewhere']);
      expect(outbox.entries()).toEqual([]);
      expect(new Set(sent.filter((s) => s.content === 'one').map((s) => s.id)).size).toBe(1);
    },
  );

  it('schedules a retry with backoff after a transient failure', async () => {
    let down = true;
    const { outbox, sent, scheduled } = setup({
      answer: (e) => (down ? fail('TIMEOUT') : ok(e)),
    });
    const { entry } = outbox.add('s1', 'patience');
    await outbox.flush();
    expect(outbox.entries()[0]).toMatchObject({
      status: 'pending',
      error: { code: 'TIMEOUT' },
    });
    expect(scheduled.length).toBe(1);
    down = false;
    scheduled[0]?.run();
    await outbox.flush();
    expect(outbox.entries()).toEqual([]);
    expect(sent.every((s) => s.id === entry.client_msg_id)).toBe(true);
  });

  it('waits out SERVER_BUSY with jitter instead of sending again at once', async () => {
    let busy = true;
    const { outbox, sent, scheduled, deps } = setup({
      answer: (e) =>
        busy
          ? { ok: false, code: 'SERVER_BUSY', error: 'The server is busy', retry_after_ms: 700 }
          : ok(e),
    });
    deps.random = () => 0.25;
    outbox.add('s1', 'first');
    outbox.add('s1', 'second');
    await outbox.flush();
    // One attempt, the later message held back for order, and a wait past the server's hint.
    expect(sent.map((s) => s.content)).toEqual(['first']);
    expect(outbox.entries()[0]).toMatchObject({
      status: 'pending',
      error: { code: 'SERVER_BUSY' },
    });
    expect(scheduled.map((s) => s.ms)).toEqual([700 + 250]);
    // A message written during the wait waits too.
    await outbox.add('s2', 'third').firstAttempt;
    expect(sent).toHaveLength(1);
    busy = false;
    scheduled[0]?.run();
    await outbox.flush();
    expect(sent.map((s) => s.content)).toEqual(['first', 'first', 'second', 'third']);
    expect(outbox.entries()).toEqual([]);
  });

  it('does not send twice when flushes overlap', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { outbox, sent } = setup({
      answer: async (e) => {
        await gate;
        return ok(e);
      },
    });
    outbox.add('s1', 'once');
    const flushes = [outbox.flush(), outbox.flush(), outbox.flush()];
    release();
    await Promise.all(flushes);
    expect(sent.map((s) => s.content)).toEqual(['once']);
  });

  it('skips entries settled elsewhere (new_message, another tab) before sending them', async () => {
    const { outbox, sent, state, storage, key } = setup({ connected: false });
    const a = outbox.add('s1', 'a');
    const b = outbox.add('s1', 'b');
    outbox.resolve(a.entry.client_msg_id);
    // Another tab delivered "b" and rewrote storage.
    writeEntries(
      storage,
      key,
      readEntries(storage, key).filter((e) => e.client_msg_id !== b.entry.client_msg_id),
    );
    state.connected = true;
    await outbox.flush();
    expect(sent).toEqual([]);
  });

  it('removes an entry and hands back its text (Remove and Edit)', async () => {
    const { outbox } = setup({ answer: () => fail('MESSAGE_BLOCKED') });
    const { entry, firstAttempt } = outbox.add('s1', 'call me on 555 0100');
    await firstAttempt;
    expect(outbox.remove(entry.client_msg_id)?.content).toBe('call me on 555 0100');
    expect(outbox.entries()).toEqual([]);
    expect(outbox.remove(entry.client_msg_id)).toBeUndefined();
  });

  it('keeps each user’s outbox apart', () => {
    const storage = memoryStorage();
    const alice = setup({ storage, key: outboxKey('alice'), connected: false });
    const bob = setup({ storage, key: outboxKey('bob'), connected: false });
    alice.outbox.add('s1', 'from alice');
    expect(bob.outbox.entries()).toEqual([]);
    expect(alice.outbox.entries()).toHaveLength(1);
  });

  it('notifies subscribers of every change', () => {
    const { outbox } = setup({ connected: false });
    const seen: number[] = [];
    outbox.subscribe((entries) => seen.push(entries.length));
    const { entry } = outbox.add('s1', 'x');
    outbox.add('s1', 'y');
    outbox.remove(entry.client_msg_id);
    expect(seen).toEqual([1, 2, 1]);
  });

  it('refuses more than the maximum number of waiting messages', () => {
    const { outbox } = setup({ connected: false });
    for (let i = 0; i < OUTBOX_MAX_ENTRIES; i++) outbox.add('s1', `m${i}`);
    expect(() => outbox.add('s1', 'one too many')).toThrow(OutboxFullError);
  });

  it('treats unreadable storage as empty', () => {
    const storage = memoryStorage();
    const key = outboxKey('u');
    storage.setItem(key, '{not json');
    expect(readEntries(storage, key)).toEqual([]);
    storage.setItem(key, JSON.stringify({ v: 1, entries: [{ nonsense: true }] }));
    expect(readEntries(storage, key)).toEqual([]);
  });

  it('forgets failed entries after a day, but never pending ones', () => {
    const storage = memoryStorage();
    const key = outboxKey('u');
    const old = 1_000_000 - FAILED_ENTRY_MAX_AGE_MS - 1;
    const base = { session_id: 's1', content: 'x', created_at: old, error: null };
    writeEntries(storage, key, [
      { ...base, client_msg_id: 'failed', status: 'failed' },
      { ...base, client_msg_id: 'pending', status: 'pending' },
    ]);
    const { outbox } = setup({ storage, key, connected: false });
    expect(outbox.entries().map((e) => e.client_msg_id)).toEqual(['pending']);
  });
});

describe('outbox helpers', () => {
  it('groups pending entries by conversation in order of their oldest entry', () => {
    const entry = (id: string, session: string, status: 'pending' | 'failed' = 'pending') => ({
      client_msg_id: id,
      session_id: session,
      content: id,
      created_at: 0,
      status,
      error: null,
    });
    const groups = pendingByConversation([
      entry('b1', 'b'),
      entry('a1', 'a'),
      entry('b2', 'b', 'failed'),
      entry('b3', 'b'),
    ]);
    expect([...groups.entries()].map(([k, v]) => [k, v.map((e) => e.client_msg_id)])).toEqual([
      ['b', ['b1', 'b3']],
      ['a', ['a1']],
    ]);
  });

  it('makes version 4 UUIDs, with or without crypto.randomUUID', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(newClientMsgId()).toMatch(uuid);
    // As in an insecure context: shadow the prototype's randomUUID on the instance.
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 50 }, () => newClientMsgId()));
      expect(ids.size).toBe(50);
      for (const id of ids) expect(id).toMatch(uuid);
    } finally {
      Reflect.deleteProperty(crypto, 'randomUUID');
    }
    expect(typeof crypto.randomUUID).toBe('function');
  });

  it('classifies failures', () => {
    expect(isPermanentFailure('MESSAGE_BLOCKED')).toBe(true);
    // A blocked direct message will be refused however often it is sent.
    expect(isPermanentFailure('USER_BLOCKED')).toBe(true);
    expect(isPermanentFailure('RATE_LIMITED')).toBe(false);
    expect(isPermanentFailure('TIMEOUT')).toBe(false);
  });

  it('backs off exponentially with full jitter, capped at 30 s, after the wait the server asks', () => {
    expect(retryDelayMs(1, () => 1)).toBe(1000);
    expect(retryDelayMs(3, () => 1)).toBe(4000);
    expect(retryDelayMs(3, () => 0)).toBe(0);
    expect(retryDelayMs(3, () => 0.5)).toBe(2000);
    expect(retryDelayMs(20, () => 1)).toBe(30_000);
    expect(retryDelayMs(2, () => 0.5, 800)).toBe(1800);
  });
});
