import type { AddressInfo } from 'node:net';
import type { Ack, ClientToServerEvents, ErrorBody, ServerToClientEvents } from '@kindred/protocol';
import { io, type Socket } from 'socket.io-client';
import type { KindredApp } from '../src/app';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Starts the app on a free loopback port (once) and returns its base URL. */
export async function listen(app: KindredApp): Promise<string> {
  if (!app.server.listening) await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

const open: ClientSocket[] = [];

export interface ConnectOptions {
  extraHeaders?: Record<string, string>;
  reconnection?: boolean;
  /**
   * Called with the socket before it connects: to listen for what the server sends as soon as
   * it accepts the connection (it may arrive in the same read as the connect itself).
   */
  beforeConnect?: (socket: ClientSocket) => void;
}

/** A real socket.io-client connection, resolved once connected (rejected on connect_error). */
export function connect(
  url: string,
  token: string | undefined,
  options: ConnectOptions = {},
): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: token ? { token } : {},
    reconnection: options.reconnection ?? false,
    extraHeaders: options.extraHeaders,
    forceNew: true,
  });
  options.beforeConnect?.(socket);
  open.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** A connection as this user (with their access token), resolved once connected. */
export function connectAs(
  url: string,
  user: { login: { access_token: string } },
  options: ConnectOptions = {},
): Promise<ClientSocket> {
  return connect(url, user.login.access_token, options);
}

/** Closes every socket a test opened. */
export function closeAllSockets(): void {
  for (const socket of open.splice(0)) socket.close();
}

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

/** The next `event` on the socket (optionally the next one matching), or a rejection after `ms`. */
export function nextEvent<E extends EventName>(
  socket: ClientSocket,
  event: E,
  match: (payload: Payload<E>) => boolean = () => true,
  ms = 3000,
): Promise<Payload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const listener = (payload: Payload<E>) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/** Collects every `event` the socket receives from now on. */
export function collect<E extends EventName>(socket: ClientSocket, event: E): Payload<E>[] {
  const seen: Payload<E>[] = [];
  socket.on(event, ((payload: Payload<E>) => seen.push(payload)) as never);
  return seen;
}

/** Emits with an ack and returns the ack (typed loosely: tests check both shapes). */
export async function emitAck<T extends object = Record<string, unknown>>(
  socket: ClientSocket,
  event: keyof ClientToServerEvents,
  payload: unknown,
): Promise<Ack<T>> {
  return (await (socket.timeout(5000).emitWithAck as (e: string, p: unknown) => Promise<unknown>)(
    event,
    payload,
  )) as Ack<T>;
}

/** An ack read as the refusal it is expected to be. */
export const failed = (ack: unknown) => ack as ErrorBody;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once the server has closed the socket. */
export const closedByServer = (socket: ClientSocket, ms = 3000) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${ms} ms`)), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
