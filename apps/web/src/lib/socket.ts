import type {
  Ack,
  ClientToServerEvents,
  ErrorCode,
  ErrorDetail,
  ServerToClientEvents,
} from '@kindred/protocol';
import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import { create } from 'zustand';
import { endBannedSession, endExpiredSession, freshAccessToken, refreshAccessToken } from './api';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Parses a server event with its protocol schema; a mismatch is logged and dropped. */
export function parseEvent<S extends z.ZodType>(
  schema: S,
  value: unknown,
  event: string,
): z.output<S> | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  console.error(`Unexpected ${event} payload`, parsed.error.issues);
  return null;
}

/**
 * - idle: no socket (signed out)
 * - connecting: the first connection after sign-in or page load
 * - connected
 * - reconnecting: the connection dropped and Socket.IO is trying again
 * - offline: the browser says there is no network; we wait for it to come back
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline';

interface ConnectionState {
  status: ConnectionStatus;
}

/** The socket's connection state, for banners and "can I send now?" checks. */
export const useConnectionStore = create<ConnectionState>()(() => ({ status: 'idle' }));

const setStatus = (status: ConnectionStatus) => useConnectionStore.setState({ status });

/** Failures that happen on this side of the wire, in the error body's shape. */
export type ClientAckCode = 'TIMEOUT' | 'DISCONNECTED' | 'INVALID_RESPONSE';

export interface AckFailure {
  success: false;
  error: string;
  code: ErrorCode | ClientAckCode;
  details?: ErrorDetail[];
  /** SERVER_BUSY: how long the server asks the client to wait before trying again. */
  retry_after_ms?: number;
}

type EventName = keyof ClientToServerEvents;
type PayloadOf<E extends EventName> = Parameters<ClientToServerEvents[E]>[0];
type AckDataOf<E extends EventName> =
  NonNullable<Parameters<ClientToServerEvents[E]>[1]> extends (response: Ack<infer T>) => void
    ? T
    : never;

/** What `request` resolves with: the server's ack, or a client-side failure. Never rejects. */
export type AckResult<E extends EventName> = ({ success: true } & AckDataOf<E>) | AckFailure;

export const DEFAULT_ACK_TIMEOUT_MS = 10_000;

const disconnected = (): AckFailure => ({
  success: false,
  code: 'DISCONNECTED',
  error: "You're offline. We'll try again when you're back online.",
});
const timedOut = (): AckFailure => ({
  success: false,
  code: 'TIMEOUT',
  error: 'Kindred did not answer in time. We will try again.',
});

let current: ChatSocket | null = null;
let teardownWindowListeners: (() => void) | null = null;

/** The signed-in session's socket, when there is one. */
export function getSocket(): ChatSocket | null {
  return current;
}

/**
 * Emits an event with an ack and waits at most `timeoutMs` for it. While disconnected nothing is
 * emitted (Socket.IO would buffer it and send it later, behind the caller's back): the caller
 * gets DISCONNECTED and decides whether to retry.
 */
export async function request<E extends EventName>(
  event: E,
  payload: PayloadOf<E>,
  timeoutMs = DEFAULT_ACK_TIMEOUT_MS,
): Promise<AckResult<E>> {
  const socket = current;
  if (!socket?.connected) return disconnected();
  // The typed emitWithAck cannot be called with a generic event name; the event maps above
  // still type the payload and the result for every caller.
  const timed = socket.timeout(timeoutMs) as unknown as {
    emitWithAck(event: string, payload: unknown): Promise<unknown>;
  };
  let response: unknown;
  try {
    response = await timed.emitWithAck(event, payload);
  } catch {
    return socket.connected ? timedOut() : disconnected();
  }
  if (typeof response !== 'object' || response === null || !('success' in response)) {
    console.error(`Unexpected ack for ${event}`, response);
    return {
      success: false,
      code: 'INVALID_RESPONSE',
      error: 'Kindred sent a reply we did not understand. Please try again.',
    };
  }
  return response as AckResult<E>;
}

/** Emits an event nobody waits for (typing). Dropped while disconnected: it is only a hint. */
export function emitVolatile<E extends EventName>(event: E, payload: PayloadOf<E>): void {
  const socket = current;
  if (!socket?.connected) return;
  (socket.volatile as unknown as { emit(event: string, payload: unknown): void }).emit(
    event,
    payload,
  );
}

const authErrorCodes: ReadonlySet<string> = new Set<ErrorCode>([
  'TOKEN_EXPIRED',
  'INVALID_TOKEN',
  'UNAUTHENTICATED',
]);

function errorCodeOf(error: Error): string | undefined {
  const data = (error as Error & { data?: unknown }).data;
  if (typeof data === 'object' && data !== null && 'code' in data) {
    return typeof data.code === 'string' ? data.code : undefined;
  }
  return undefined;
}

const isOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false;

/**
 * Opens the one socket of the signed-in session (same origin, cookie auth, WebSocket only).
 * Socket.IO reconnects by itself with exponential backoff and jitter; this adds what it cannot
 * know: a handshake refused for an expired token gets one session refresh and a new attempt,
 * and the browser's offline/online events pause and resume it at once instead of waiting for
 * a ping timeout.
 */
export function openSocket(): ChatSocket {
  if (current) return current;
  const socket: ChatSocket = io({
    path: '/socket.io',
    transports: ['websocket'],
    withCredentials: true,
    autoConnect: false,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 30_000,
    randomizationFactor: 0.5,
  });
  current = socket;
  let refreshedSinceConnect = false;
  let serverKickTimer: number | undefined;

  socket.on('connect', () => {
    refreshedSinceConnect = false;
    setStatus('connected');
  });

  socket.on('disconnect', (reason) => {
    if (current !== socket) return;
    if (reason === 'io client disconnect') {
      setStatus(isOnline() ? 'idle' : 'offline');
      return;
    }
    setStatus(isOnline() ? 'reconnecting' : 'offline');
    if (reason === 'io server disconnect') {
      // The server closed the socket (a deploy, or the access token expired). Socket.IO does not
      // retry this case by itself; the next handshake decides whether we are still welcome.
      window.clearTimeout(serverKickTimer);
      serverKickTimer = window.setTimeout(
        () => {
          if (current === socket && !socket.connected && isOnline()) socket.connect();
        },
        1000 + Math.random() * 2000,
      );
    }
  });

  socket.on('connect_error', (error) => {
    if (current !== socket) return;
    const code = errorCodeOf(error);
    if (code === 'ACCOUNT_BANNED') {
      endBannedSession();
      return;
    }
    if (code && authErrorCodes.has(code)) {
      // A handshake refused by the server is not retried by Socket.IO: refresh once, try again.
      if (refreshedSinceConnect) {
        endExpiredSession();
        return;
      }
      refreshedSinceConnect = true;
      setStatus('reconnecting');
      void refreshAccessToken().then((refreshed) => {
        if (current !== socket) return;
        if (refreshed) socket.connect();
        else endExpiredSession();
      });
      return;
    }
    setStatus(isOnline() ? 'reconnecting' : 'offline');
  });

  // The server asks before the access token behind this socket expires: refresh the session and
  // hand it the new token, so the socket stays open (without an answer it is closed at expiry).
  socket.on('token_expiring', () => {
    void freshAccessToken().then((token) => {
      if (current !== socket) return;
      if (token) socket.emit('reauthenticate', { token });
      else endExpiredSession();
    });
  });

  // The session ended elsewhere (logout on another tab, account deleted, session revoked).
  socket.on('session_ended', ({ reason }) => {
    if (current !== socket) return;
    if (reason !== 'expired') endExpiredSession();
  });

  socket.io.on('reconnect_attempt', () => {
    if (current === socket) setStatus(isOnline() ? 'reconnecting' : 'offline');
  });

  const goOffline = () => {
    setStatus('offline');
    // Disconnecting on purpose makes every later send fail fast into the outbox instead of
    // disappearing into a dead connection that only a ping timeout would reveal.
    if (socket.connected || socket.active) socket.disconnect();
    setStatus('offline');
  };
  const goOnline = () => {
    if (socket.connected) return;
    setStatus('reconnecting');
    socket.connect();
  };
  window.addEventListener('offline', goOffline);
  window.addEventListener('online', goOnline);
  teardownWindowListeners = () => {
    window.removeEventListener('offline', goOffline);
    window.removeEventListener('online', goOnline);
    window.clearTimeout(serverKickTimer);
  };

  if (isOnline()) {
    setStatus('connecting');
    socket.connect();
  } else {
    setStatus('offline');
  }
  return socket;
}

/** Closes the socket for good (sign-out). */
export function closeSocket(): void {
  const socket = current;
  if (!socket) return;
  current = null;
  teardownWindowListeners?.();
  teardownWindowListeners = null;
  socket.removeAllListeners();
  socket.io.removeAllListeners();
  socket.disconnect();
  setStatus('idle');
}
