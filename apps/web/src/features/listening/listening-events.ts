import {
  chatEndedEventSchema,
  chatRequestEventSchema,
  listenerStatusUpdateSchema,
  waitingUpdateSchema,
  type ChatEndedEvent,
  type ChatRequestEvent,
  type ListenerStatusUpdate,
  type WaitingUpdate,
} from '@kindred/protocol';
import type { z } from 'zod';
import { getSocket, parseEvent, request, type ChatSocket } from '../../lib/socket';

/**
 * The socket events of the listening flow, fanned out to whichever screens want them. The chat
 * engine attaches these handlers to every socket it opens, so a page subscribes here once and
 * keeps receiving events across reconnects and sign-ins.
 */

type Handler<T> = (payload: T) => void;

const chatRequestHandlers = new Set<Handler<ChatRequestEvent>>();
const chatEndedHandlers = new Set<Handler<ChatEndedEvent>>();
const statusHandlers = new Set<Handler<ListenerStatusUpdate>>();
const waitingHandlers = new Set<Handler<WaitingUpdate>>();
const reconnectHandlers = new Set<() => void>();
/** Screens showing matches right now; the server is told to send updates while this is above 0. */
let watchers = 0;

/** Each payload of `event` that matches its schema goes to every handler subscribed now. */
function fanOut<S extends z.ZodType>(
  socket: ChatSocket,
  event: 'waiting_update' | 'chat_request' | 'chat_ended' | 'listener_status_update',
  schema: S,
  handlers: Set<Handler<z.output<S>>>,
): void {
  socket.on(event, (payload: unknown) => {
    const parsed = parseEvent(schema, payload, event);
    if (parsed) for (const handler of [...handlers]) handler(parsed);
  });
}

/** Called by the chat engine for each socket it opens. */
export function attachListeningHandlers(socket: ChatSocket): void {
  socket.on('connect', () => {
    // The subscription belongs to the connection: ask again after every reconnect.
    if (watchers > 0) void request('watch_listeners', {});
    for (const handler of [...reconnectHandlers]) handler();
  });
  fanOut(socket, 'waiting_update', waitingUpdateSchema, waitingHandlers);
  fanOut(socket, 'chat_request', chatRequestEventSchema, chatRequestHandlers);
  fanOut(socket, 'chat_ended', chatEndedEventSchema, chatEndedHandlers);
  fanOut(socket, 'listener_status_update', listenerStatusUpdateSchema, statusHandlers);
}

/** A listener is asked to take a chat. Returns the unsubscribe. */
export function onChatRequest(handler: Handler<ChatRequestEvent>): () => void {
  chatRequestHandlers.add(handler);
  return () => void chatRequestHandlers.delete(handler);
}

/**
 * A chat ended, or a request was withdrawn before anyone answered (the sharer left the line).
 * Returns the unsubscribe.
 */
export function onChatEnded(handler: Handler<ChatEndedEvent>): () => void {
  chatEndedHandlers.add(handler);
  return () => void chatEndedHandlers.delete(handler);
}

/**
 * The sharer's place on the waiting list changed (`waiting_update`); `onConnect` runs after every
 * (re)connection, when updates may have been missed. Returns the unsubscribe.
 */
export function onWaitingUpdate(handler: Handler<WaitingUpdate>, onConnect: () => void) {
  waitingHandlers.add(handler);
  reconnectHandlers.add(onConnect);
  return () => {
    waitingHandlers.delete(handler);
    reconnectHandlers.delete(onConnect);
  };
}

/**
 * Receives listeners' availability changes while subscribed (`watch_listeners`); the last
 * subscriber to leave sends `unwatch_listeners`. Returns the unsubscribe.
 */
export function watchListenerStatus(handler: Handler<ListenerStatusUpdate>): () => void {
  statusHandlers.add(handler);
  watchers++;
  if (watchers === 1 && getSocket()?.connected) void request('watch_listeners', {});
  let active = true;
  return () => {
    if (!active) return;
    active = false;
    statusHandlers.delete(handler);
    watchers--;
    if (watchers === 0 && getSocket()?.connected) void request('unwatch_listeners', {});
  };
}
