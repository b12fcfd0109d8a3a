import type { ClientToServerEvents, ServerToClientEvents } from '@kindred/protocol';
import type { Server, Socket } from 'socket.io';

/** What the handshake learnt about a socket. */
export interface SocketData {
  userId: string;
  pseudonym?: string;
  /** The sign-in (refresh-token family) whose access token opened or renewed the socket. */
  familyId?: string;
  /** When that access token was issued and when it expires (ms since the epoch). */
  issuedAtMs: number;
  expiresAtMs: number;
  /** The expiry the client was already asked to renew (`token_expiring`), so it is asked once. */
  renewalAskedFor?: number;
}

export type KindredServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type KindredSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
