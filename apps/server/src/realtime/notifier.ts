import type { ServerToClientEvents } from '@kindred/protocol';
import type { Server } from 'socket.io';

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** How services reach clients, always after their transaction has committed. */
export interface Notifier {
  /** Every device of each user, on every node; the payload may be shaped per user. */
  toUsers<E extends keyof ServerToClientEvents>(
    userIds: readonly string[],
    event: E,
    payload: Payload<E> | ((userId: string) => Payload<E>),
  ): void;
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

export function socketNotifier(io: Server<Record<string, never>, ServerToClientEvents>): Notifier {
  return {
    toUsers(userIds, event, payload) {
      for (const userId of userIds) {
        const data = typeof payload === 'function' ? payload(userId) : payload;
        // The typed emit cannot see that `event` and `data` belong together.
        (io.to(userRoom(userId)).emit as (e: string, d: unknown) => void)(event, data);
      }
    },
    toChatRoom(conversationId, event, payload, exceptUserId) {
      const target = exceptUserId
        ? io.to(chatRoom(conversationId)).except(userRoom(exceptUserId))
        : io.to(chatRoom(conversationId));
      (target.emit as (e: string, d: unknown) => void)(event, payload);
    },
  };
}
