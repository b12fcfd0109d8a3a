import {
  blockResponseSchema,
  activeSessionSchema,
  declineChatResponseSchema,
  messageResponseSchema,
  talkNowResponseSchema,
  type TalkNowBody,
  endSessionResponseSchema,
  feedbackResponseSchema,
  findListenersResponseSchema,
  matchPreferencesSchema,
  reportResponseSchema,
  requestChatResponseSchema,
  type ActiveSession,
  type FeedbackBody,
  type FindListenersBody,
  type MatchPreferencesBody,
  type ReportBody,
  type RequestChatBody,
} from '@kindred/protocol';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiJson, getJson } from '../../lib/api';

/**
 * The REST calls of the listening flow (the listening contract's "Matching", "Chat", "Feedback",
 * "Reports").
 */

export const activeSessionQueryKey = ['chat', 'active'] as const;
export const matchPreferencesQueryKey = ['match', 'preferences'] as const;

export const activeSessionQueryOptions = queryOptions({
  queryKey: activeSessionQueryKey,
  queryFn: getJson('/chat/sessions/active', activeSessionSchema),
  staleTime: 0,
});

/** GET /chat/sessions/active: the chat the user is in right now, if any. */
export function useActiveSession() {
  return useQuery({ ...activeSessionQueryOptions, refetchOnWindowFocus: true });
}

/** Where the user's own view of a session lives. */
export function chatPathFor(session: Extract<ActiveSession, { session_id: string }>): string {
  return `/${session.user_role}/chat/${session.session_id}`;
}

export const matchPreferencesQueryOptions = queryOptions({
  queryKey: matchPreferencesQueryKey,
  queryFn: getJson('/match/preferences', matchPreferencesSchema),
  staleTime: Infinity,
});

export const saveMatchPreferences = (body: MatchPreferencesBody) =>
  apiJson('PUT', '/match/preferences', matchPreferencesSchema, { body });

export const findListeners = (body: FindListenersBody, signal?: AbortSignal) =>
  apiJson('POST', '/match/find-listeners', findListenersResponseSchema, { body, signal });

export const requestChat = (body: RequestChatBody) =>
  apiJson('POST', '/match/request-chat', requestChatResponseSchema, { body });

/** POST /match/talk-now: the best free listener is asked, or the sharer joins the waiting list. */
export const talkNow = (body: TalkNowBody) =>
  apiJson('POST', '/match/talk-now', talkNowResponseSchema, { body });

/** GET /match/waiting-list: where the sharer stands (404 NOT_WAITING when not in line). */
export const waitingListStatus = (signal?: AbortSignal) =>
  apiJson('GET', '/match/waiting-list', talkNowResponseSchema, { signal });

export const leaveWaitingList = () =>
  apiJson('DELETE', '/match/waiting-list', messageResponseSchema);

/** The asked listener's Not now: the request moves on to the next listener or back in line. */
export const declineChatRequest = (sessionId: string) =>
  apiJson(
    'POST',
    `/chat/sessions/${encodeURIComponent(sessionId)}/decline`,
    declineChatResponseSchema,
  );

export const endChatSession = (sessionId: string) =>
  apiJson('POST', `/chat/sessions/${encodeURIComponent(sessionId)}/end`, endSessionResponseSchema);

export const sendFeedback = (body: FeedbackBody) =>
  apiJson('POST', '/feedback', feedbackResponseSchema, { body });

export const sendReport = (body: ReportBody) =>
  apiJson('POST', '/reports', reportResponseSchema, { body });

export const blockUser = (userId: string) =>
  apiJson('POST', `/users/${encodeURIComponent(userId)}/block`, blockResponseSchema, { body: {} });
