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
/**
 * A chat request that arrived while no screen listened (the part of the page that announces
 * requests loads in a chunk of its own, after the socket may already be up): kept for the first
 * subscriber, so that a request is never silently lost on a page that is still loading.
 */
let unclaimedRequest: { request: ChatRequestEvent; at: number } | null = null;
/** A request older than this is not announced late: the server moves unanswered ones on. */
const UNCLAIMED_REQUEST_MAX_AGE_MS = 60_000;
/**
 * The chats this connection has heard end. The server repeats a listener's unopened requests when
 * their connection comes up; one it looked up just before the chat ended can arrive after
 * `chat_ended`, and must not take the listener back to a chat that is over.
 */
const endedChats = new Set<string>();
/** Enough for any night's chats; the oldest are forgotten first. */
const ENDED_CHATS_KEPT = 100;
/** Screens showing matches right now; the server is told to send updates while this is above 0. */
let watchers = 0;

/** Each payload of `event` that matches its schema goes to every handler subscribed now. */
function fanOut<S extends z.ZodType>(
  socket: ChatSocket,
  event: 'waiting_update' | 'chat_request' | 'chat_ended' | 'listener_status_update',
  schema: S,
  handlers: Set<Handler<z.output<S>>>,
  /** What to do with an event that arrives while nothing is subscribed. */
  unheard?: Handler<z.output<S>>,
  /** Runs first, for every event that parses; false drops it (nobody hears it). */
  first: (payload: z.output<S>) => boolean = () => true,
): void {
  socket.on(event, (payload: unknown) => {
    const parsed = parseEvent(schema, payload, event);
    if (!parsed || !first(parsed)) return;
    if (handlers.size === 0) unheard?.(parsed);
    for (const handler of [...handlers]) handler(parsed);
  });
}

/** Records a chat's end before any screen hears of it; always lets the event through. */
function rememberEnded({ session_id: sessionId }: ChatEndedEvent): boolean {
  endedChats.add(sessionId);
  if (endedChats.size > ENDED_CHATS_KEPT) {
    const [oldest] = endedChats;
    if (oldest) endedChats.delete(oldest);
  }
  if (unclaimedRequest?.request.session_id === sessionId) unclaimedRequest = null;
  return true;
}

/** Called by the chat engine for each socket it opens. */
export function attachListeningHandlers(socket: ChatSocket): void {
  // A new socket is a new sign-in: nothing kept from the last one is theirs.
  unclaimedRequest = null;
  endedChats.clear();
  socket.on('connect', () => {
    // The subscription belongs to the connection: ask again after every reconnect.
    if (watchers > 0) void request('watch_listeners', {});
    for (const handler of [...reconnectHandlers]) handler();
  });
  fanOut(socket, 'waiting_update', waitingUpdateSchema, waitingHandlers);
  fanOut(
    socket,
    'chat_request',
    chatRequestEventSchema,
    chatRequestHandlers,
    (request) => {
      unclaimedRequest = { request, at: Date.now() };
    },
    (request) => !endedChats.has(request.session_id),
  );
  fanOut(socket, 'chat_ended', chatEndedEventSchema, chatEndedHandlers, undefined, rememberEnded);
  fanOut(socket, 'listener_status_update', listenerStatusUpdateSchema, statusHandlers);
}

/** A listener is asked to take a chat. Returns the unsubscribe. */
export function onChatRequest(handler: Handler<ChatRequestEvent>): () => void {
  chatRequestHandlers.add(handler);
  const kept = unclaimedRequest;
  unclaimedRequest = null;
  if (kept && Date.now() - kept.at < UNCLAIMED_REQUEST_MAX_AGE_MS) handler(kept.request);
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
