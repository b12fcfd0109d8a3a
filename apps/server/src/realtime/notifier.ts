import type { ServerToClientEvents } from '@kindred/protocol';
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
  /** Sockets that joined the chat, except those of one user. */
  toChatRoom<E extends keyof ServerToClientEvents>(
    conversationId: string,
    event: E,
    payload: Payload<E>,
    exceptUserId?: string,
  ): void;
}

export const userRoom = (userId: string) => `user:${userId}`;
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
