import {
  chatMessageSchema,
  messageRequestEventSchema,
  messageReadSchema,
  presenceSchema,
  type ConversationsResponse,
} from '@kindred/protocol';
import type { InfiniteData } from '@tanstack/react-query';
import { showToast } from '../../components/ui/toast-store';
import { queryClient } from '../../lib/query-client';
import { parseEvent, type ChatSocket } from '../../lib/socket';
import { getConversation } from '../conversations/chat-store';
import {
  contactsQueryKey,
  conversationsQueryKey,
  directQueryKey,
  requestsQueryKey,
  unreadQueryKey,
} from './direct-api';

/**
 * Keeps the inbox, the requests and the unread badge current: the server sends
 * `message_request` to the receiver, `message_request_updated` to both people, and every new
 * message to every member's devices whether or not their chat is open.
 */

/** Many messages in a burst cause one refetch, not one each. */
const REFRESH_DELAY_MS = 300;
let refreshTimer: number | undefined;
export function refreshConversations(): void {
  window.clearTimeout(refreshTimer);
  refreshTimer = window.setTimeout(() => {
    void queryClient.invalidateQueries({ queryKey: conversationsQueryKey });
    void queryClient.invalidateQueries({ queryKey: unreadQueryKey });
  }, REFRESH_DELAY_MS);
}

/** Listening chats have their own screens; only other conversations move the inbox. */
const isListeningChat = (sessionId: string) =>
  getConversation(sessionId).conversation?.kind === 'listening';

/** Called by the chat engine for each socket it opens. */
export function attachDirectHandlers(socket: ChatSocket, userId: string): void {
  socket.on('connect', () => {
    // Whatever changed while disconnected is fetched again.
    void queryClient.invalidateQueries({ queryKey: directQueryKey });
  });
  socket.on('message_request', (payload) => {
    const request = parseEvent(messageRequestEventSchema, payload, 'message_request');
    if (!request) return;
    void queryClient.invalidateQueries({ queryKey: requestsQueryKey });
    void queryClient.invalidateQueries({ queryKey: contactsQueryKey });
    if (request.receiver.id === userId) {
      showToast(`${request.sender.pseudonym} sent you a message request`, 'info');
    }
  });
  socket.on('message_request_updated', (payload) => {
    const request = parseEvent(messageRequestEventSchema, payload, 'message_request_updated');
    if (!request) return;
    void queryClient.invalidateQueries({ queryKey: requestsQueryKey });
    void queryClient.invalidateQueries({ queryKey: contactsQueryKey });
    refreshConversations();
    if (request.sender.id === userId && request.status === 'accepted') {
      showToast(`${request.receiver.pseudonym} accepted your message request`, 'info');
    }
  });
  socket.on('new_message', (payload) => {
    const message = parseEvent(chatMessageSchema, payload, 'new_message');
    if (message && !isListeningChat(message.session_id)) refreshConversations();
  });
  // The inbox's online dots follow presence without asking the server again. A partner who
  // hides their status has is_online null, and stays hidden.
  const onPresence = (payload: unknown) => {
    const presence = parseEvent(presenceSchema, payload, 'presence');
    if (!presence) return;
    const update = (page: ConversationsResponse): ConversationsResponse => ({
      ...page,
      data: {
        conversations: page.data.conversations.map((c) =>
          c.user.id === presence.user_id && c.user.is_online !== null
            ? { ...c, user: { ...c.user, is_online: presence.online } }
            : c,
        ),
      },
    });
    queryClient.setQueriesData<InfiniteData<ConversationsResponse>>(
      { queryKey: conversationsQueryKey, predicate: (q) => q.queryKey.length === 3 },
      (data) => data && { ...data, pages: data.pages.map(update) },
    );
    queryClient.setQueriesData<ConversationsResponse>({ queryKey: unreadQueryKey }, (data) =>
      data ? update(data) : data,
    );
  };
  socket.on('user_online', onPresence);
  socket.on('user_offline', onPresence);
  socket.on('message_read', (payload) => {
    const read = parseEvent(messageReadSchema, payload, 'message_read');
    if (read?.user_id === userId && !isListeningChat(read.session_id)) refreshConversations();
  });
}
