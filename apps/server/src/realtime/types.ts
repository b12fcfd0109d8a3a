import type { ClientToServerEvents, ServerToClientEvents } from '@kindred/protocol';
import type { Server, Socket } from 'socket.io';

/** What the handshake learnt about a socket. */
export interface SocketData {
  userId: string;
  pseudonym?: string;
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
