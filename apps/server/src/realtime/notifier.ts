import type { ServerToClientEvents, SessionEndedEvent } from '@kindred/protocol';
import type { KindredServer } from './types';

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** How services reach clients, always after their transaction has committed. */
export interface Notifier {
  /** Every device of each user, on every node; the payload may be shaped per user. */
  toUsers<E extends keyof ServerToClientEvents>(
    userIds: readonly string[],
    event: E,
    payload: Payload<E> | ((userId: string) => Payload<E>),
  ): void;
  /** Every socket in a named room (e.g. sharers watching listener availability). */
  toRoom<E extends keyof ServerToClientEvents>(room: string, event: E, payload: Payload<E>): void;
  /** Tells every socket of these users (on every node) why, then disconnects them. */
  disconnectUsers(userIds: readonly string[], ended?: SessionEndedEvent): void;
  /** The same for the sockets of one sign-in (refresh-token family). */
  disconnectSession(familyId: string, ended: SessionEndedEvent): void;
  /** Sockets that joined the chat, except those of one user. */
  toChatRoom<E extends keyof ServerToClientEvents>(
    conversationId: string,
    event: E,
    payload: Payload<E>,
    exceptUserId?: string,
  ): void;
}

export const userRoom = (userId: string) => `user:${userId}`;
/** Every socket opened or renewed with a token of one sign-in (refresh-token family). */
export const sessionRoom = (familyId: string) => `session:${familyId}`;
export const chatRoom = (conversationId: string) => `chat_${conversationId}`;
/** Sharers browsing matches, told when a listener's availability changes. */
export const LISTENER_WATCHERS_ROOM = 'listener-watchers';

/** The other nodes of a cluster (over Redis): what one publishes, every other one hears. */
export interface ClusterBus {
  /** `message` is for these users (the other nodes can tell without decoding it). */
  publish(userIds: readonly string[], message: string): void;
  /** `userIds`: whom the message is for, when its sender listed them. */
  onMessage(handler: (userIds: readonly string[] | undefined, message: string) => void): void;
}

/** One event for some users, each with their own payload: `[event, [[userId, payload], …]]`. */
type UserDelivery = [event: string, entries: [userId: string, payload: unknown][]];

/**
 * The typed notifier over the app's one Socket.IO server, built once. An event for users is
 * shaped for each of them here, delivered to those connected to this node, and published to the
 * other nodes once, all shapes together (`bus`), instead of once per user through the Socket.IO
 * adapter: a message to a conversation is one publication, and a node decodes it only when one
 * of its users is connected there (never its own).
 */
export function socketNotifier(io: KindredServer, bus?: ClusterBus): Notifier {
  const rooms = io.of('/').adapter.rooms;
  const deliver = ([event, entries]: UserDelivery) => {
    for (const [userId, data] of entries) {
      const room = userRoom(userId);
      // Only users with a socket here (an emit to nobody would still encode the packet).
      if (!rooms.has(room)) continue;
      // The typed emit cannot see that `event` and `data` belong together.
      (io.local.to(room).emit as (e: string, d: unknown) => void)(event, data);
    }
  };
  const anyHere = (userIds: readonly string[]) => userIds.some((id) => rooms.has(userRoom(id)));
  bus?.onMessage((userIds, message) => {
    // Most publications are for people on other nodes: those are not even decoded.
    if (userIds && !anyHere(userIds)) return;
    let delivery: UserDelivery;
    try {
      delivery = JSON.parse(message) as UserDelivery;
    } catch {
      return; // Not from a node of this version: nothing here can be delivered from it.
    }
    deliver(delivery);
  });
  return {
    toUsers(userIds, event, payload) {
      // Alone (no other nodes), only the users connected here need their shape made.
      const targets = bus ? userIds : userIds.filter((id) => rooms.has(userRoom(id)));
      if (targets.length === 0) return;
      const delivery: UserDelivery = [
        event,
        targets.map((userId) => [
          userId,
          typeof payload === 'function' ? payload(userId) : payload,
        ]),
      ];
      deliver(delivery);
      bus?.publish(targets, JSON.stringify(delivery));
    },
    disconnectUsers(userIds, ended) {
      if (userIds.length === 0) return;
      const rooms = userIds.map(userRoom);
      if (ended) io.to(rooms).emit('session_ended', ended);
      io.in(rooms).disconnectSockets(true);
    },
    disconnectSession(familyId, ended) {
      io.to(sessionRoom(familyId)).emit('session_ended', ended);
      io.in(sessionRoom(familyId)).disconnectSockets(true);
    },
    toRoom(room, event, payload) {
      (io.to(room).emit as (e: string, d: unknown) => void)(event, payload);
    },
    toChatRoom(conversationId, event, payload, exceptUserId) {
      const target = exceptUserId
        ? io.to(chatRoom(conversationId)).except(userRoom(exceptUserId))
        : io.to(chatRoom(conversationId));
      (target.emit as (e: string, d: unknown) => void)(event, payload);
    },
  };
}
