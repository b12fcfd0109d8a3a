import type { ListenerAvailability, Me } from '@kindred/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ButtonLink } from '../components/ui/ButtonLink';
import { SectionCard } from '../components/ui/Card';
import { Checkbox, ChoiceText } from '../components/ui/Checkbox';
import { Spinner } from '../components/ui/Spinner';
import { changeAvailability } from '../features/listening/availability';
import { useIncomingRequestStore } from '../features/listening/ChatRequestNotifier';
import {
  activeSessionQueryKey,
  chatPathFor,
  useActiveSession,
} from '../features/listening/listening-api';
import { useRequestSoundStore } from '../features/listening/request-sound';
import { useListenerApplication } from '../features/listening/listener-api';
import { ListenerApprovalNotice } from '../features/listening/ListenerApprovalNotice';
import { ListenerStats } from '../features/identity/ListenerStats';
import { meQueryKey, meQueryOptions } from '../features/identity/me-query';
import { ApiError } from '../lib/api';
import { errorMessage } from '../lib/api-error';
import { usePageTitle } from '../lib/use-page-title';
import { PageHeader } from '../components/ui/PageHeader';

/**
 * /listener/queue (the listening contract's "Listener Queue"): status, stats, and waiting for a
 * Sharer.
 */
export function ListenerQueuePage() {
  usePageTitle('Listener queue');
  // Rating and chat count change after chats end: fresh on arrival and whenever the tab returns.
  const { data: me } = useQuery({
    ...meQueryOptions,
    refetchOnMount: 'always',
    refetchOnWindowFocus: 'always',
  });
  if (!me) return null;
  if (!me.roles.includes('listener')) {
    return (
      <div className="mx-auto flex max-w-xl flex-col items-start gap-4 py-8">
        <h1 className="text-3xl">Listener queue</h1>
        <p>
          The queue is for Listeners. If you'd like to volunteer as a listener, read the listener
          guidelines and apply.
        </p>
        <ButtonLink to="/listener/apply" variant="secondary">
          Become a listener
        </ButtonLink>
      </div>
    );
  }
  return <ListenerQueue me={me} />;
}

const radioClasses =
  'flex min-h-11 cursor-pointer items-start gap-3 rounded-lg border border-control bg-raised px-4 py-3 has-[:checked]:border-2 has-[:checked]:border-primary-strong has-[:checked]:bg-primary-soft has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60';

function ListenerQueue({ me }: { me: Me }) {
  const id = useId();
  const queryClient = useQueryClient();
  const active = useActiveSession();
  const incoming = useIncomingRequestStore((state) => state.incoming);
  const soundOn = useRequestSoundStore((state) => state.enabled);
  const setSoundOn = useRequestSoundStore((state) => state.setEnabled);
  const [optimistic, setOptimistic] = useState<ListenerAvailability | null>(null);
  const { data: application } = useListenerApplication();
  const notApproved = application ? !application.can_listen : false;

  const mutation = useMutation({
    mutationFn: changeAvailability,
    onSuccess: (listener_availability) => {
      queryClient.setQueryData<Me | null>(meQueryKey, (current) =>
        current ? { ...current, listener_availability } : current,
      );
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'ALREADY_IN_CHAT') {
        void queryClient.invalidateQueries({ queryKey: activeSessionQueryKey });
        void queryClient.invalidateQueries({ queryKey: meQueryKey });
      }
    },
  });

  const activeSession = active.data?.session_id ? active.data : null;
  const inChat = me.listener_availability === 'in_chat' || activeSession !== null || !!incoming;
  const shown = optimistic ?? me.listener_availability;

  function change(next: ListenerAvailability) {
    setOptimistic(next);
    mutation.mutate(next, {
      onSettled: (_data, _error, sent) =>
        setOptimistic((current) => (current === sent ? null : current)),
    });
  }

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Listener queue">
        Thank you for being here. When you're available, Sharers can choose you and start a chat.
      </PageHeader>
      <ListenerApprovalNotice />

      <div className="grid gap-6 md:grid-cols-2">
        <SectionCard headingId={`${id}-status`} title="Your status">
          <fieldset className="flex flex-col gap-2" aria-describedby={`${id}-status-hint`}>
            <legend className="sr-only">Your status</legend>
            {(
              [
                ['available', 'Available', 'Sharers can find you and ask to talk.'],
                ['unavailable', 'Unavailable', "Sharers won't see you."],
              ] as const
            ).map(([value, label, description]) => (
              <label key={value} className={radioClasses}>
                <input
                  type="radio"
                  name={`${id}-availability`}
                  value={value}
                  checked={shown === value}
                  disabled={inChat || (value === 'available' && notApproved)}
                  onChange={() => change(value)}
                  className="mt-1 size-5 shrink-0 cursor-pointer accent-primary-strong disabled:cursor-not-allowed"
                />
                <ChoiceText label={label} description={description} />
              </label>
            ))}
          </fieldset>
          <p id={`${id}-status-hint`} className="text-sm text-muted">
            {inChat
              ? 'Your status changes back to Available when your chat ends.'
              : 'Changes take effect at once.'}
          </p>
          {mutation.isError && (
            <p role="alert" className="text-sm font-medium text-danger-text">
              {errorMessage(mutation.error)}
            </p>
          )}
          <Checkbox
            label="Play a sound for new requests"
            description="A short chime on this device when a Sharer asks to talk."
            checked={soundOn}
            onChange={(event) => setSoundOn(event.target.checked)}
          />
        </SectionCard>

        <SectionCard headingId={`${id}-stats`} title="Your stats">
          <ListenerStats
            rating={
              me.listener_rating === null ? (
                'No ratings yet'
              ) : (
                <>
                  <span aria-hidden="true" className="text-warning-text">
                    ★
                  </span>{' '}
                  {me.listener_rating.toFixed(1)}
                  <span className="sr-only"> out of 5</span>
                </>
              )
            }
            totalChats={me.listener_total_chats}
          />
        </SectionCard>
      </div>

      <section
        aria-labelledby={`${id}-queue`}
        className="flex flex-col items-start gap-3 rounded-xl border border-line bg-surface p-4 sm:p-6"
      >
        <h2 id={`${id}-queue`} className="sr-only">
          Requests
        </h2>
        <div aria-live="polite" className="flex flex-col items-start gap-2">
          {incoming ? (
            <>
              <p className="flex items-center gap-3 text-xl font-bold">
                <Spinner className="size-5 text-primary-strong" />
                Connecting you to {incoming.sharer.pseudonym}…
              </p>
              {incoming.topic && <p>They'd like to talk about {incoming.topic}.</p>}
            </>
          ) : inChat ? (
            <p className="text-xl font-bold">Currently in chat</p>
          ) : shown === 'available' ? (
            <>
              <p className="flex items-center gap-3 text-xl font-bold">
                <span
                  aria-hidden="true"
                  className="inline-block size-3 animate-pulse rounded-full bg-secondary-strong"
                />
                Waiting for Sharers…
              </p>
              <p>You'll be notified when someone wants to talk.</p>
            </>
          ) : (
            <>
              <p className="text-xl font-bold">You are not visible to Sharers</p>
              <p>Choose “Available” when you're ready to listen.</p>
            </>
          )}
        </div>
        {!incoming && inChat && activeSession && (
          <>
            <p>You're talking with {activeSession.partner.pseudonym}.</p>
            <ButtonLink to={chatPathFor(activeSession)}>Go to your chat</ButtonLink>
          </>
        )}
        {incoming && (
          <ButtonLink to={`/listener/chat/${incoming.session_id}`} variant="secondary">
            Open the chat now
          </ButtonLink>
        )}
      </section>
    </div>
  );
}
