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

/** The typed notifier over the app's one Socket.IO server, built once. */
export function socketNotifier(io: KindredServer): Notifier {
  return {
    toUsers(userIds, event, payload) {
      for (const userId of userIds) {
        const data = typeof payload === 'function' ? payload(userId) : payload;
        // The typed emit cannot see that `event` and `data` belong together.
        (io.to(userRoom(userId)).emit as (e: string, d: unknown) => void)(event, data);
      }
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
