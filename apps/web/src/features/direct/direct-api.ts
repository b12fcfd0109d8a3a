import {
  blockResponseSchema,
  conversationSettingsResponseSchema,
  conversationsResponseSchema,
  messageContactsResponseSchema,
  messageRequestsResponseSchema,
  respondToRequestResponseSchema,
  sendMessageRequestResponseSchema,
  type ConversationSummary,
  type ConversationsResponse,
  type MessageRequestStatus,
  type MuteBody,
  type RespondToRequestBody,
  type SendMessageRequestBody,
} from '@kindred/protocol';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { apiJson, getJson } from '../../lib/api';

/** The REST calls of direct messages (the direct-messaging contract) and their query keys. */

export type ConversationList = 'active' | 'archived';
export type RequestBox = 'received' | 'sent';

/** Everything below this key is refetched when the socket says something changed. */
export const directQueryKey = ['direct'] as const;
export const conversationsQueryKey = ['direct', 'conversations'] as const;
export const requestsQueryKey = ['direct', 'requests'] as const;
export const contactsQueryKey = ['direct', 'contacts'] as const;
export const unreadQueryKey = ['direct', 'unread'] as const;

const PAGE = 20;
/** The header badge counts the newest conversations: more than this many unread ones is "50+". */
export const UNREAD_SCAN = 50;

const listPath = (type: ConversationList, limit: number, cursor?: string | null) => {
  const query = new URLSearchParams({ type, limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return `/conversations?${query}`;
};

export const conversationsQueryOptions = (type: ConversationList) =>
  infiniteQueryOptions({
    queryKey: [...conversationsQueryKey, type],
    queryFn: ({ pageParam, signal }) =>
      apiJson('GET', listPath(type, PAGE, pageParam), conversationsResponseSchema, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) =>
      last.meta.pagination.hasMore ? last.meta.pagination.cursor : undefined,
  });

export const requestsQueryOptions = (type: RequestBox, status: MessageRequestStatus = 'pending') =>
  infiniteQueryOptions({
    queryKey: [...requestsQueryKey, type, status],
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ type, status, limit: String(PAGE) });
      if (pageParam) query.set('cursor', pageParam);
      return apiJson('GET', `/messages/requests?${query}`, messageRequestsResponseSchema, {
        signal,
      });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) =>
      last.meta.pagination.hasMore ? last.meta.pagination.cursor : undefined,
  });

export const contactsQueryOptions = queryOptions({
  queryKey: contactsQueryKey,
  queryFn: getJson('/messages/contacts', messageContactsResponseSchema),
});

/** The newest active conversations, for the unread badge. */
export const unreadQueryOptions = queryOptions({
  queryKey: unreadQueryKey,
  queryFn: ({ signal }) =>
    apiJson('GET', listPath('active', UNREAD_SCAN), conversationsResponseSchema, {
      redirectOnUnauthorized: false,
      signal,
    }),
  select: (page) => page.data.conversations,
});

/**
 * One conversation's row (partner, mute, archive, block): there is no single-conversation
 * endpoint, so it is looked up in the newest active and archived conversations.
 */
export const conversationSummaryQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...conversationsQueryKey, 'one', id],
    queryFn: async ({ signal }): Promise<ConversationSummary | null> => {
      for (const type of ['active', 'archived'] as const) {
        let cursor: string | null = null;
        for (let page = 0; page < 5; page++) {
          const list: ConversationsResponse = await apiJson(
            'GET',
            listPath(type, 50, cursor),
            conversationsResponseSchema,
            {
              signal,
            },
          );
          const found = list.data.conversations.find((c) => c.id === id);
          if (found) return found;
          if (!list.meta.pagination.hasMore) break;
          cursor = list.meta.pagination.cursor;
        }
      }
      return null;
    },
  });

export const sendMessageRequest = (body: SendMessageRequestBody) =>
  apiJson('POST', '/messages/request', sendMessageRequestResponseSchema, { body });

export const respondToRequest = (id: string, action: RespondToRequestBody['action']) =>
  apiJson(
    'POST',
    `/messages/request/${encodeURIComponent(id)}/respond`,
    respondToRequestResponseSchema,
    { body: { action } },
  );

const conversationPath = (id: string, what: string) =>
  `/conversations/${encodeURIComponent(id)}/${what}`;

export const muteConversation = (id: string, duration: MuteBody['duration']) =>
  apiJson('POST', conversationPath(id, 'mute'), conversationSettingsResponseSchema, {
    body: { duration },
  });
export const unmuteConversation = (id: string) =>
  apiJson('DELETE', conversationPath(id, 'mute'), conversationSettingsResponseSchema);
export const clearConversation = (id: string) =>
  apiJson('POST', conversationPath(id, 'clear'), conversationSettingsResponseSchema, { body: {} });
export const archiveConversation = (id: string) =>
  apiJson('POST', conversationPath(id, 'archive'), conversationSettingsResponseSchema, {
    body: {},
  });
export const unarchiveConversation = (id: string) =>
  apiJson('DELETE', conversationPath(id, 'archive'), conversationSettingsResponseSchema);

export const unblockUser = (userId: string) =>
  apiJson('DELETE', `/users/${encodeURIComponent(userId)}/block`, blockResponseSchema);
