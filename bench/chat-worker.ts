/**
 * One load-generator process of the chat benchmark (bench/chat.ts starts several). It holds
 * socket.io-client connections and does what the parent asks over IPC, one command at a time:
 * connect the two members of each conversation, run a closed-loop or a fixed-rate phase, or hold
 * idle sockets. Every wait is bounded; it exits when told to, or when the parent goes away.
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type {
  Command,
  ConversationSlot,
  PhaseResult,
  Reply,
  SetupResult,
} from './lib/chat-protocol';

const ACK_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 30_000;

interface Member {
  socket: Socket;
}
interface Conversation {
  id: string;
  members: [Member, Member];
  /** Which member sends next: the chat alternates like a conversation does. */
  turn: 0 | 1;
}
interface InFlight {
  conversation: Conversation;
  sender: 0 | 1;
  sentAt: number;
  measured: boolean;
  acked: boolean;
  delivered: boolean;
  /** An emit of it is waiting for its answer. */
  answering: boolean;
  /** SERVER_BUSY answers so far: each doubles the backoff ceiling. */
  refusals: number;
}

const conversations: Conversation[] = [];
const idle: Socket[] = [];
const inFlight = new Map<string, InFlight>();
let phase: PhaseState | undefined;

interface PhaseState {
  windowStart: number;
  windowEnd: number;
  result: PhaseResult;
  /** Set when the result went to the parent: pending retries are dropped. */
  finished?: boolean;
  /** Closed loop: what to do when a conversation's message is acked. */
  onAck?: (conversation: Conversation) => void;
}

const send = (reply: Reply) => process.send?.(reply);

function newResult(): PhaseResult {
  return {
    sent: 0,
    sent_in_window: 0,
    acked_ok: 0,
    acked_ok_in_window: 0,
    acked_ok_after_phase: 0,
    delivered_in_window: 0,
    ack_errors: {},
    ack_timeouts: 0,
    attempts: 0,
    refusals: 0,
    refusals_in_window: 0,
    undelivered: 0,
    duplicate_deliveries: 0,
    ack_ms: [],
    deliver_ms: [],
    window_seconds: 0,
    cpu_seconds: 0,
  };
}

/** Opens one socket; resolves when connected, rejects on connect_error or after the timeout. */
function openSocket(
  url: string,
  token: string | undefined,
  localAddress?: string,
): Promise<Socket> {
  const socket = io(url, {
    ...(localAddress ? { localAddress } : {}),
    path: '/socket.io',
    transports: ['websocket'],
    auth: token ? { token } : {},
    reconnection: false,
    forceNew: true,
    timeout: CONNECT_TIMEOUT_MS,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Runs `task` over `items` with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++]!);
  });
  await Promise.all(runners);
}

async function ackOf(socket: Socket, event: string, payload: unknown): Promise<unknown> {
  return socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload);
}

function listen(conversation: Conversation, index: 0 | 1) {
  const { socket } = conversation.members[index];
  socket.on('new_message', (message: { client_msg_id?: string | null }) => {
    const id = message.client_msg_id;
    if (!id) return;
    const entry = inFlight.get(id);
    // The sender's own devices get the message too; only the other member's copy is a delivery.
    if (!entry || entry.sender === index) return;
    if (entry.delivered) {
      if (phase) phase.result.duplicate_deliveries++;
      return;
    }
    entry.delivered = true;
    const now = performance.now();
    if (phase) {
      if (entry.measured) phase.result.deliver_ms.push(now - entry.sentAt);
      const buckets = phase.result.after_deliver_ms;
      if (buckets && entry.sentAt >= phase.windowEnd) {
        buckets[Math.floor((entry.sentAt - phase.windowEnd) / 1000)]?.push(now - entry.sentAt);
      }
      if (now >= phase.windowStart && now < phase.windowEnd) phase.result.delivered_in_window++;
    }
    if (entry.acked) inFlight.delete(id);
  });
}

async function setup(
  slots: ConversationSlot[],
  join: boolean,
  concurrency: number,
): Promise<SetupResult> {
  const started = performance.now();
  let failed = 0;
  let firstError: string | undefined;
  await pool(slots, concurrency, async (slot) => {
    try {
      const sockets = await Promise.all(
        slot.tokens.map((token, i) => openSocket(slot.urls[i]!, token)),
      );
      const conversation: Conversation = {
        id: slot.id,
        members: [{ socket: sockets[0]! }, { socket: sockets[1]! }],
        turn: 0,
      };
      if (join) {
        for (const socket of sockets) {
          const ack = (await ackOf(socket, 'join_chat', { session_id: slot.id })) as {
            success: boolean;
            code?: string;
          };
          if (!ack.success) throw new Error(`join_chat refused: ${ack.code}`);
        }
      }
      listen(conversation, 0);
      listen(conversation, 1);
      conversations.push(conversation);
    } catch (error) {
      failed++;
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  });
  return {
    sockets: conversations.length * 2,
    failed,
    first_error: firstError ?? null,
    seconds: (performance.now() - started) / 1000,
  };
}

const CONTENT =
  'Thank you for telling me that. How has the rest of your week been going so far? (note ';

/** The web outbox's backoff (outbox.ts `retryDelayMs`): 1 s doubling per failure, up to 30 s. */
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * The wait before a refused send goes again, as the web outbox waits: the server's
 * `retry_after_ms`, plus full jitter up to 1 s, 2 s, 4 s… (30 s at most) by refusals so far.
 */
function backoffMs(retryAfterMs: number | undefined, refusals: number): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, refusals - 1));
  return (retryAfterMs ?? 0) + Math.random() * ceiling;
}

function sendOne(conversation: Conversation, state: PhaseState): void {
  const sender = conversation.turn;
  conversation.turn = sender === 0 ? 1 : 0;
  const clientMsgId = randomUUID();
  const sentAt = performance.now();
  const measured = sentAt >= state.windowStart && sentAt < state.windowEnd;
  const entry: InFlight = {
    conversation,
    sender,
    sentAt,
    measured,
    acked: false,
    delivered: false,
    answering: false,
    refusals: 0,
  };
  inFlight.set(clientMsgId, entry);
  state.result.sent++;
  if (measured) state.result.sent_in_window++;
  const payload = {
    session_id: conversation.id,
    content: `${CONTENT}${state.result.sent % 100000})`,
    client_msg_id: clientMsgId,
  };
  attempt(entry, clientMsgId, payload, state);
}

/**
 * One try of a send. A refusal (SERVER_BUSY) is not an answer: like the web outbox, the same
 * message (same `client_msg_id`) goes again after the wait the server asked for, with jitter.
 * Latencies count from the first try, as the person who sent it would.
 */
function attempt(
  entry: InFlight,
  clientMsgId: string,
  payload: { session_id: string; content: string; client_msg_id: string },
  state: PhaseState,
): void {
  // The phase ended (its drain gave up): the message stays counted as undelivered.
  if (state.finished) return;
  const { conversation, sender, sentAt, measured } = entry;
  state.result.attempts++;
  entry.answering = true;
  conversation.members[sender].socket
    .timeout(ACK_TIMEOUT_MS)
    .emitWithAck('send_message', payload)
    .then(
      (ack: { success: boolean; code?: string; retry_after_ms?: number }) => {
        entry.answering = false;
        // Answered after the drain gave up: counted apart, for the rows-against-acks check.
        if (state.finished) {
          if (ack.success) state.result.acked_ok_after_phase++;
          return;
        }
        const now = performance.now();
        if (!ack.success && ack.code === 'SERVER_BUSY') {
          state.result.refusals++;
          if (now >= state.windowStart && now < state.windowEnd) state.result.refusals_in_window++;
          entry.refusals++;
          setTimeout(
            () => attempt(entry, clientMsgId, payload, state),
            backoffMs(ack.retry_after_ms, entry.refusals),
          );
          return;
        }
        entry.acked = true;
        if (ack.success) {
          state.result.acked_ok++;
          if (measured) state.result.ack_ms.push(now - sentAt);
          if (now >= state.windowStart && now < state.windowEnd) state.result.acked_ok_in_window++;
        } else {
          const code = ack.code ?? 'UNKNOWN';
          state.result.ack_errors[code] = (state.result.ack_errors[code] ?? 0) + 1;
          entry.delivered = true; // nothing to wait for
        }
        if (entry.delivered) inFlight.delete(clientMsgId);
        state.onAck?.(conversation);
      },
      () => {
        entry.answering = false;
        if (state.finished) return;
        entry.acked = true;
        state.result.ack_timeouts++;
        if (entry.delivered) inFlight.delete(clientMsgId);
        state.onAck?.(conversation);
      },
    );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until every message of the phase is acked and delivered, or `ms` passes. */
async function drain(ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    let open = false;
    for (const entry of inFlight.values()) {
      if (!entry.acked || !entry.delivered) {
        open = true;
        break;
      }
    }
    if (!open) return;
    await sleep(50);
  }
}

async function finish(state: PhaseState, cpu: NodeJS.CpuUsage): Promise<PhaseResult> {
  for (const entry of inFlight.values()) if (!entry.delivered) state.result.undelivered++;
  // No more retries. A send whose emit is still unanswered may yet be stored: its answer is
  // waited for (up to the ack timeout), so that every stored row is matched by a counted ack.
  state.finished = true;
  const deadline = performance.now() + ACK_TIMEOUT_MS + 1000;
  while (performance.now() < deadline && [...inFlight.values()].some((e) => e.answering)) {
    await sleep(50);
  }
  inFlight.clear();
  state.result.window_seconds = (state.windowEnd - state.windowStart) / 1000;
  state.result.cpu_seconds = (cpu.user + cpu.system) / 1e6;
  phase = undefined;
  return state.result;
}

/**
 * Closed loop: every conversation keeps exactly one message in flight and sends the next as soon
 * as the previous is acked, so the server sets the pace. Acks inside the window are the throughput.
 */
async function closedLoop(warmupMs: number, measureMs: number, drainMs: number) {
  const start = performance.now();
  let stopping = false;
  const state: PhaseState = {
    windowStart: start + warmupMs,
    windowEnd: start + warmupMs + measureMs,
    result: newResult(),
    onAck: (conversation) => {
      if (!stopping) sendOne(conversation, state);
    },
  };
  phase = state;
  for (const conversation of conversations) sendOne(conversation, state);
  await sleep(warmupMs);
  const cpuBefore = process.cpuUsage();
  await sleep(measureMs);
  stopping = true;
  const cpu = process.cpuUsage(cpuBefore);
  await drain(drainMs);
  return finish(state, cpu);
}

/**
 * Open loop at a fixed offered rate: messages go out on schedule, round-robin over the
 * conversations, whether or not earlier ones were answered, so latency includes any queueing.
 * With `after`, the offered rate drops to `after.rate` for `after.ms` once the measured window
 * ends (an overload stopping), and deliveries of what was sent then are bucketed per second.
 */
async function openLoop(
  rate: number,
  warmupMs: number,
  measureMs: number,
  drainMs: number,
  after?: { rate: number; ms: number },
) {
  const start = performance.now();
  const state: PhaseState = {
    windowStart: start + warmupMs,
    windowEnd: start + warmupMs + measureMs,
    result: newResult(),
  };
  if (after)
    state.result.after_deliver_ms = Array.from({ length: Math.ceil(after.ms / 1000) }, () => []);
  phase = state;
  let cpuBefore: NodeJS.CpuUsage | undefined;
  let cpu: NodeJS.CpuUsage | undefined;
  let next = 0;
  const total = warmupMs + measureMs;
  const end = total + (after?.ms ?? 0);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - start;
      if (cpuBefore === undefined && elapsed >= warmupMs) cpuBefore = process.cpuUsage();
      if (cpu === undefined && elapsed >= total) cpu = process.cpuUsage(cpuBefore);
      const offered =
        (Math.min(elapsed, total) / 1000) * rate +
        (after ? (Math.max(0, Math.min(elapsed, end) - total) / 1000) * after.rate : 0);
      const due = Math.floor(offered) - state.result.sent;
      for (let i = 0; i < due && conversations.length > 0; i++) {
        sendOne(conversations[next]!, state);
        next = (next + 1) % conversations.length;
      }
      if (elapsed >= end) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  await drain(drainMs);
  return finish(state, cpu ?? process.cpuUsage(cpuBefore));
}

async function holdIdle(
  url: string,
  tokens: (string | undefined)[],
  concurrency: number,
  localAddresses: string[],
) {
  const started = performance.now();
  let failed = 0;
  let firstError: string | undefined;
  let opened = 0;
  await pool(tokens, concurrency, async (token) => {
    try {
      const localAddress = localAddresses[opened++ % Math.max(1, localAddresses.length)];
      idle.push(await openSocket(url, token, localAddress));
    } catch (error) {
      failed++;
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  });
  return {
    sockets: idle.filter((s) => s.connected).length,
    failed,
    first_error: firstError ?? null,
    seconds: (performance.now() - started) / 1000,
  };
}

function closeAll(): void {
  for (const c of conversations) for (const m of c.members) m.socket.close();
  for (const s of idle) s.close();
  conversations.length = 0;
  idle.length = 0;
}

const sendSetup = async (result: Promise<SetupResult>) => {
  send({ type: 'setup', result: await result });
};
const sendPhase = async (result: Promise<PhaseResult>) => {
  send({ type: 'phase', result: await result });
};

async function handle(command: Command): Promise<void> {
  switch (command.type) {
    case 'setup':
      return sendSetup(setup(command.slots, command.join, command.concurrency));
    case 'closed':
      return sendPhase(closedLoop(command.warmupMs, command.measureMs, command.drainMs));
    case 'open':
      return sendPhase(
        openLoop(command.rate, command.warmupMs, command.measureMs, command.drainMs, command.after),
      );
    case 'idle':
      return sendSetup(
        holdIdle(command.url, command.tokens, command.concurrency, command.localAddresses),
      );
    case 'close':
      closeAll();
      send({ type: 'closed' });
      process.disconnect?.();
      setTimeout(() => process.exit(0), 200).unref();
      return;
  }
}

let queue = Promise.resolve();
process.on('message', (command: Command) => {
  queue = queue
    .then(() => handle(command))
    .catch((error: unknown) => {
      send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    });
});
// The parent went away (finished, failed or killed): nothing left to do here.
process.on('disconnect', () => {
  closeAll();
  process.exit(0);
});
