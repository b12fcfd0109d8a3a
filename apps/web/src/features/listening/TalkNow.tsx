import type { TalkNowResponse, WaitingUpdate } from '@kindred/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Checkbox } from '../../components/ui/Checkbox';
import { showToast } from '../../components/ui/toast-store';
import { ApiError } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import {
  activeSessionQueryKey,
  leaveWaitingList,
  talkNow,
  waitingListStatus,
} from './listening-api';
import { onWaitingUpdate } from './listening-events';
import { TOPIC_MAX, TOPIC_SUGGESTIONS } from './matching';
import { TitledSection } from '../../components/ui/Card';

/** Where the sharer stands: not looking, a listener being asked, or waiting in line. */
export type TalkNowPhase = 'loading' | 'idle' | TalkNowResponse['status'];

const AWAY_TEXT =
  'You were away from the page for a while, so you left the waiting list. Tap Talk now to join again.';

/**
 * The one-tap way to a listener: the best free listener is asked, with no form; when nobody is
 * free the sharer waits in line, sees their place change live and is taken to the chat when a
 * listener accepts.
 */
export function TalkNow({
  topic,
  onTopic,
  avoidPrevious,
  onAvoidPrevious,
  onPhase,
}: {
  topic: string;
  onTopic: (topic: string) => void;
  avoidPrevious: boolean;
  onAvoidPrevious: (avoid: boolean) => void;
  onPhase: (phase: TalkNowPhase) => void;
}) {
  const id = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [state, setState] = useState<TalkNowResponse | null>(null);
  const [loading, setLoading] = useState(true);
  const [starting, setStarting] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const phase: TalkNowPhase = loading ? 'loading' : (state?.status ?? 'idle');
  useEffect(() => onPhase(phase), [onPhase, phase]);

  /** Where the sharer stands, from the server (after a reload, a reconnection or a missed event). */
  const refresh = useCallback(async () => {
    try {
      setState(await waitingListStatus());
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NOT_WAITING') setState(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
    return onWaitingUpdate(
      (update: WaitingUpdate) => {
        if (update.status === 'connected') {
          void queryClient.invalidateQueries({ queryKey: activeSessionQueryKey });
          void navigate(`/sharer/chat/${update.session_id}`);
        } else if (update.status === 'left') {
          setState(null);
          if (update.reason === 'away') showToast(AWAY_TEXT, 'info');
        } else {
          setState(update);
        }
      },
      () => void refresh(),
    );
  }, [navigate, queryClient, refresh]);

  async function start() {
    if (starting) return;
    setStarting(true);
    setError(null);
    try {
      const trimmed = topic.trim().slice(0, TOPIC_MAX);
      setState(await talkNow(trimmed ? { topic: trimmed } : {}));
      headingRef.current?.focus();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'ALREADY_IN_CHAT') {
        await queryClient.invalidateQueries({ queryKey: activeSessionQueryKey });
      }
      setError(errorMessage(error));
    } finally {
      setStarting(false);
    }
  }

  async function leave() {
    setLeaving(true);
    try {
      await leaveWaitingList();
      setState(null);
      void queryClient.invalidateQueries({ queryKey: activeSessionQueryKey });
      showToast('You have left the waiting list.', 'info');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NOT_WAITING') setState(null);
      else showToast(errorMessage(error), 'error');
    } finally {
      setLeaving(false);
    }
  }

  const box = 'flex flex-col gap-4 rounded-xl border border-line bg-raised p-4 sm:p-6';

  if (loading) return null;

  if (state) {
    return (
      <section aria-labelledby={`${id}-line`} className={box}>
        <h2 id={`${id}-line`} ref={headingRef} tabIndex={-1} className="text-2xl">
          {state.status === 'asking' ? 'Asking a listener' : "You're on the waiting list"}
        </h2>
        <div aria-live="polite" aria-atomic="true">
          {state.status === 'asking' ? (
            <p className="text-lg">
              We've asked <strong>{state.listener.pseudonym}</strong> to talk with you. If they
              can't right now, we ask the next free listener.
            </p>
          ) : (
            <p className="text-lg">
              <strong className="text-3xl">Position {state.position}</strong>{' '}
              <span className="text-muted">in line</span>
            </p>
          )}
        </div>
        <div className="flex flex-col gap-1 text-muted">
          <h3 className="font-semibold text-ink">What happens next</h3>
          <p>
            Everyone is free right now for someone else. The first listener to become free is
            offered to the first person in line, and you are taken to the chat as soon as they
            accept.
          </p>
          <p>
            You can close this page: we keep your place for a while and notify you when a listener
            is free. Come back to be connected.
          </p>
        </div>
        <div>
          <Button variant="secondary" busy={leaving} onClick={() => void leave()}>
            Leave the line
          </Button>
        </div>
      </section>
    );
  }

  return (
    <TitledSection headingId={`${id}-now`} title="Talk to someone now" className={box}>
      <p className="text-muted">
        One tap: we ask the best listener who is free right now. If nobody is free, you join a short
        waiting list and are connected as soon as someone is.
      </p>
      <div className="flex flex-col gap-2">
        <p id={`${id}-topics`} className="font-semibold text-ink">
          What's on your mind? <span className="font-normal text-muted">(optional)</span>
        </p>
        <div
          role="group"
          aria-labelledby={`${id}-topics`}
          aria-describedby={`${id}-topics-hint`}
          className="flex flex-wrap gap-2"
        >
          {TOPIC_SUGGESTIONS.map((suggestion) => {
            const chosen = topic.trim().toLowerCase() === suggestion;
            return (
              <button
                key={suggestion}
                type="button"
                aria-pressed={chosen}
                onClick={() => onTopic(chosen ? '' : suggestion)}
                className={`min-h-11 rounded-full border px-4 font-semibold ${
                  chosen
                    ? 'border-primary-strong bg-primary-strong text-on-accent'
                    : 'border-control bg-raised text-ink hover:bg-surface'
                }`}
              >
                {suggestion}
              </button>
            );
          })}
        </div>
        <p id={`${id}-topics-hint`} className="text-sm text-muted">
          A topic helps us pick a listener who knows it; nobody is left out because of it.
        </p>
      </div>
      <Checkbox
        label="Avoid listeners I've talked to recently"
        description="Someone new each time: people you talked with in the last day are not asked."
        checked={avoidPrevious}
        onChange={(event) => onAvoidPrevious(event.target.checked)}
      />
      <div>
        <Button busy={starting} onClick={() => void start()} className="px-8 text-lg">
          {starting ? 'Finding a listener…' : 'Talk now'}
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-danger-text">
          {error}
        </p>
      )}
    </TitledSection>
  );
}
