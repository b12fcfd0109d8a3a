import type { Me } from '@kindred/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/Button';
import { showToast } from '../../components/ui/toast-store';
import { errorMessage } from '../../lib/api-error';
import { meQueryKey } from '../identity/me-query';
import { useIncomingRequestStore } from './ChatRequestNotifier';
import { activeSessionQueryKey, declineChatRequest } from './listening-api';
import { onChatEnded } from './listening-events';
import { secondsLeft } from './matching';

/**
 * A Talk-now request for this listener, wherever they are in the app: who asks and about what,
 * Accept or Not now, and the time left to answer. It sits beside the page rather than taking the
 * listener away, so unsaved edits never swallow it; answering is up to them.
 */
export function ChatRequestCard() {
  const id = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const incoming = useIncomingRequestStore((state) => state.incoming);
  const [now, setNow] = useState(() => Date.now());
  const [declining, setDeclining] = useState(false);
  /** The time there was to answer when the request arrived: the countdown bar's full length. */
  const [total, setTotal] = useState(60);
  const expiresAt = incoming?.expires_at;

  useEffect(() => {
    if (!expiresAt) return;
    setNow(Date.now());
    setTotal(Math.max(1, secondsLeft(expiresAt, Date.now())));
    const timer = window.setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (secondsLeft(expiresAt, current) === 0) {
        window.clearInterval(timer);
        useIncomingRequestStore.setState({ incoming: null });
        showToast('The request timed out and was passed on to another listener.', 'info');
        void queryClient.invalidateQueries({ queryKey: meQueryKey });
        void queryClient.invalidateQueries({ queryKey: activeSessionQueryKey });
      }
    }, 1000);
    return () => window.clearInterval(timer);
  }, [expiresAt, queryClient]);

  const pendingSessionId = incoming?.session_id;
  const sharerId = incoming?.sharer.id;
  useEffect(() => {
    if (!pendingSessionId) return;
    // The sharer left the line before an answer: nothing to accept. (A Not now or a time-out
    // also ends the request, but not by the sharer; those have their own messages.)
    return onChatEnded((ended) => {
      if (ended.session_id !== pendingSessionId || ended.ended_by !== sharerId) return;
      useIncomingRequestStore.setState({ incoming: null });
      showToast('The sharer is no longer waiting. Thank you for being there.', 'info');
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
      void queryClient.invalidateQueries({ queryKey: activeSessionQueryKey });
    });
  }, [pendingSessionId, sharerId, queryClient]);

  if (!incoming || !expiresAt) return null;
  const left = secondsLeft(expiresAt, now);
  const sessionId = incoming.session_id;

  function accept() {
    useIncomingRequestStore.setState({ incoming: null });
    void navigate(`/listener/chat/${sessionId}`);
  }

  async function notNow() {
    setDeclining(true);
    try {
      await declineChatRequest(sessionId);
      showToast("No problem. We'll ask someone else.", 'info');
    } catch (error) {
      showToast(errorMessage(error), 'error');
    } finally {
      setDeclining(false);
      useIncomingRequestStore.setState({ incoming: null });
      // Not now keeps the listener available for others.
      queryClient.setQueryData<Me | null>(meQueryKey, (me) =>
        me ? { ...me, listener_availability: 'available' } : me,
      );
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
      void queryClient.invalidateQueries({ queryKey: activeSessionQueryKey });
    }
  }

  return (
    <section
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-about`}
      className="fixed inset-x-3 bottom-3 z-40 flex flex-col gap-3 rounded-xl border-2 border-primary-strong bg-raised p-4 shadow-lg sm:left-auto sm:right-6 sm:bottom-6 sm:w-96"
    >
      <h2 id={`${id}-title`} className="text-xl">
        {incoming.sharer.pseudonym} would like to talk
      </h2>
      <p id={`${id}-about`}>
        {incoming.topic ? (
          <>
            Topic: <strong>{incoming.topic}</strong>
          </>
        ) : (
          'No topic given.'
        )}
      </p>
      <div className="flex flex-col gap-1">
        <p className="text-sm text-muted" aria-live="off">
          {left} {left === 1 ? 'second' : 'seconds'} left to answer
        </p>
        <progress
          className="h-2 w-full accent-primary-strong"
          max={total}
          value={Math.min(left, total)}
          aria-label="Time left to answer"
        />
      </div>
      <div className="flex gap-2">
        <Button onClick={accept}>Accept</Button>
        <Button variant="secondary" busy={declining} onClick={() => void notNow()}>
          Not now
        </Button>
      </div>
    </section>
  );
}
