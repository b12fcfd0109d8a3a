/**
 * What the fault tests share: people stored straight into the cluster's database with tokens
 * minted by its secret (thousands of sign-ins would take minutes of password hashing), sockets,
 * and a client outbox that re-sends a message with the same id until a node acknowledges it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ChatMessage } from '@kindred/protocol';
import { io, type Socket } from 'socket.io-client';
import type { Database } from '../src/db/client';
import { users } from '../src/db/schema';
import { createTokenSigner } from '../src/features/identity';
import { storeListeningChat } from './rows';

export interface Person {
  id: string;
  token: string;
}

/** `count` people stored in one statement, each with a fresh 15-minute access token. */
export async function storePeople(
  database: Database,
  jwtSecret: string,
  count: number,
  role: 'sharer' | 'listener' = 'sharer',
): Promise<Person[]> {
  const rows = await database.db
    .insert(users)
    .values(
      Array.from({ length: count }, () => {
        const tag = randomBytes(6).toString('hex');
        return {
          email: `fault${tag}@example.org`,
          pseudonym: `F_${tag}`,
          roles: [role],
          listenerStatus: role === 'listener' ? ('approved' as const) : ('none' as const),
        };
      }),
    )
    .returning({ id: users.id });
  const signer = createTokenSigner(jwtSecret, () => new Date());
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      token: await signer.signAccess({ userId: r.id, isAdmin: false }),
    })),
  );
}

/** Listening chats between pairs of new people: the first of each pair writes, the second reads. */
export async function storeChats(database: Database, jwtSecret: string, pairs: number) {
  const sharers = await storePeople(database, jwtSecret, pairs, 'sharer');
  const listeners = await storePeople(database, jwtSecret, pairs, 'listener');
  return Promise.all(
    sharers.map(async (sharer, i) => {
      const listener = listeners[i]!;
      const chat = await storeListeningChat({ database }, sharer.id, listener.id);
      return { sharer, listener, chatId: chat.id };
    }),
  );
}

export type FaultSocket = Socket;

/** A socket to `url` as `person`; resolved once connected, rejected on a refused handshake. */
export function openSocket(
  url: string,
  person: Person,
  options: { reconnection?: boolean } = {},
): Promise<FaultSocket> {
  const socket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: { token: person.token },
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 250,
    reconnectionDelayMax: 2_000,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('socket did not connect within 10 s'));
    }, 10_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      if (options.reconnection) return;
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
  });
}

export interface Ack {
  success: boolean;
  code?: string;
  message?: ChatMessage;
}

/** One emit with an ack, or `undefined` when none came within `ms` (or the socket dropped). */
export async function emitWithin(
  socket: FaultSocket,
  event: string,
  payload: unknown,
  ms = 5_000,
): Promise<Ack | undefined> {
  if (!socket.connected) return undefined;
  try {
    return (await socket.timeout(ms).emitWithAck(event, payload)) as Ack;
  } catch {
    return undefined;
  }
}

export interface OutboxResult {
  message: ChatMessage;
  attempts: number;
  /**
   * Answers that were refusals (code), silence on an open socket ('no ack') or a socket that
   * closed before answering ('disconnected'), in order.
   */
  failures: string[];
}

/**
 * Sends one message the way the web client's outbox does: the same client_msg_id on every try,
 * again after any refusal or silence, through whichever socket `current()` gives (it may
 * reconnect), until a node acknowledges it or `deadlineMs` passes.
 */
export async function sendUntilAcked(
  current: () => Promise<FaultSocket>,
  chatId: string,
  content: string,
  deadlineMs = 60_000,
): Promise<OutboxResult> {
  const clientMsgId = randomUUID();
  const failures: string[] = [];
  const deadline = Date.now() + deadlineMs;
  for (let attempts = 1; Date.now() < deadline; attempts++) {
    const socket = await current().catch(() => undefined);
    const ack = socket
      ? await emitWithin(socket, 'send_message', {
          session_id: chatId,
          content,
          client_msg_id: clientMsgId,
        })
      : undefined;
    if (ack?.success && ack.message) return { message: ack.message, attempts, failures };
    // Silence on a socket that stayed connected is the server's fault; a socket that closed
    // before answering lost the send on the wire, and the outbox sends it again elsewhere.
    failures.push(ack?.code ?? (socket?.connected ? 'no ack' : 'disconnected'));
    await new Promise((resolve) => setTimeout(resolve, Math.min(100 * attempts, 1_000)));
  }
  throw new Error(`"${content}" was never acknowledged: ${failures.join(', ')}`);
}

/** Every `new_message` a socket receives, by id (a redelivery lands on the same key). */
export function inbox(socket: FaultSocket, into = new Map<string, ChatMessage[]>()) {
  socket.on('new_message', (message: ChatMessage) => {
    into.set(message.id, [...(into.get(message.id) ?? []), message]);
  });
  return into;
}
