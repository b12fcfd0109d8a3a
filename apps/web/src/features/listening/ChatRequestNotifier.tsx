import type { ChatRequestEvent, Me } from '@kindred/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { create } from 'zustand';
import { showToast } from '../../components/ui/toast-store';
import { meQueryKey } from '../identity/me-query';
import { useSessionStore } from '../identity/session-store';
import { activeSessionQueryKey } from './listening-api';
import { onChatEnded, onChatRequest } from './listening-events';
import { playRequestSound } from './request-sound';

/**
 * The listening contract: the listener is taken to the chat this long after the request arrives.
 */
export const CHAT_REQUEST_REDIRECT_MS = 2000;

interface IncomingRequestState {
  /** The request being answered (shown on the queue page until the chat opens). */
  incoming: ChatRequestEvent | null;
}

export const useIncomingRequestStore = create<IncomingRequestState>()(() => ({ incoming: null }));

/**
 * Wherever a listener is in the app, a `chat_request` is announced ("New chat request from …")
 * and optionally chimes. A chosen listener is taken to the chat two seconds later; a Talk-now
 * request (with an answer-by time) waits for Accept or Not now on the request card.
 */
export function ChatRequestNotifier() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const isListener = useSessionStore((state) => state.user?.roles.includes('listener') ?? false);

  useEffect(() => {
    if (!isListener) return;
    let timer: number | undefined;
    let pending: string | undefined;
    const stopEnded = onChatEnded((ended) => {
      // The sharer left before the listener was taken there: stay where they are.
      if (ended.session_id !== pending) return;
      window.clearTimeout(timer);
      pending = undefined;
      useIncomingRequestStore.setState({ incoming: null });
    });
    const unsubscribe = onChatRequest((request) => {
      // Already on this chat's page (opened from a link, or the request was sent again when
      // the page connected): there is nothing to announce and nowhere to take them.
      const path = window.location.pathname;
      if (path === `/listener/chat/${request.session_id}` || path === `/chat/${request.session_id}`)
        return;
      useIncomingRequestStore.setState({ incoming: request });
      showToast(`New chat request from ${request.sharer.pseudonym}`, 'info');
      playRequestSound();
      queryClient.setQueryData<Me | null>(meQueryKey, (me) =>
        me ? { ...me, listener_availability: 'in_chat' } : me,
      );
      void queryClient.invalidateQueries({ queryKey: activeSessionQueryKey });
      window.clearTimeout(timer);
      pending = undefined;
      if (request.expires_at) return;
      pending = request.session_id;
      timer = window.setTimeout(() => {
        pending = undefined;
        useIncomingRequestStore.setState({ incoming: null });
        void navigate(`/listener/chat/${request.session_id}`);
      }, CHAT_REQUEST_REDIRECT_MS);
    });
    return () => {
      unsubscribe();
      stopEnded();
      window.clearTimeout(timer);
      useIncomingRequestStore.setState({ incoming: null });
    };
  }, [isListener, navigate, queryClient]);

  return null;
}
