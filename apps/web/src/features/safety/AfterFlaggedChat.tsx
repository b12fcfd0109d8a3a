import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { ButtonLink } from '../../components/ui/ButtonLink';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextAreaField } from '../../components/ui/TextAreaField';
import { useAsyncAction } from '../../lib/use-async-action';
import { FIND_A_HELPLINE, telHref } from '../conversations/help-lines';
import { useHelpLine } from '../conversations/use-help-line';
import { debriefQueryKey, pauseListening, readDebrief, writeDebrief } from './wellbeing-api';

const panel =
  'flex w-full flex-col items-start gap-2 rounded-lg border border-secondary-strong bg-secondary-soft p-3 text-left';

/**
 * After a chat in which the sharer's words suggested risk: the help line for their country and one
 * calm resource, before any rating (which is optional and comes after).
 */
export function SharerAfterFlaggedChat({
  onFeedback,
  home,
}: {
  /** Opens the rating; absent when there is nothing to rate (or it is done). */
  onFeedback: (() => void) | null;
  home: string;
}) {
  const titleId = useId();
  const line = useHelpLine();
  return (
    <section aria-labelledby={titleId} className={panel}>
      <h2 id={titleId} className="text-lg font-semibold">
        Before you go: support is there any time
      </h2>
      <p>
        {line.name}:{' '}
        <a href={telHref(line.number)} className="font-bold">
          {line.number}
        </a>
        , free and confidential, day and night.
      </p>
      <p>
        When you're ready, a calm next step:{' '}
        <a href={FIND_A_HELPLINE} target="_blank" rel="noopener noreferrer">
          find a text or chat line near you on findahelpline.com
        </a>
        , or read something gentle in the <a href="/library">Kindred library</a>.
      </p>
      <div className="flex flex-wrap gap-2">
        {onFeedback && (
          <Button variant="secondary" aria-haspopup="dialog" onClick={onFeedback}>
            Rate this chat (optional)
          </Button>
        )}
        <ButtonLink to={home}>Back to home</ButtonLink>
      </div>
    </section>
  );
}

const PAUSES = [
  [15, '15 minutes'],
  [30, '30 minutes'],
  [60, '1 hour'],
] as const;

/** After a heavy chat: the listener is offered a pause and a private debrief note. */
export function ListenerAfterFlaggedChat({ sessionId }: { sessionId: string }) {
  const titleId = useId();
  const pause = useAsyncAction<number>();
  const [pausedUntil, setPausedUntil] = useState<string | null>(null);
  return (
    <section aria-labelledby={titleId} className={panel}>
      <h2 id={titleId} className="text-lg font-semibold">
        That sounded heavy — take a moment?
      </h2>
      <p>You can pause new chats for a while. Nobody is told why.</p>
      <div role="group" aria-label="Pause new chats for" className="flex flex-wrap gap-2">
        {PAUSES.map(([minutes, label]) => (
          <Button
            key={minutes}
            variant="secondary"
            busy={pause.pending === minutes}
            disabled={pause.busy}
            onClick={() =>
              void pause.run(async () => {
                const { paused_until } = await pauseListening(minutes);
                setPausedUntil(paused_until);
              }, minutes)
            }
          >
            Pause {label}
          </Button>
        ))}
      </div>
      <p role="status">
        {pausedUntil &&
          `You're paused until ${new Date(pausedUntil).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}. Take care of yourself.`}
      </p>
      <FormAlert message={pause.error} />
      <DebriefForm sessionId={sessionId} />
    </section>
  );
}

function DebriefForm({ sessionId }: { sessionId: string }) {
  const queryClient = useQueryClient();
  const saved = useQuery({
    queryKey: debriefQueryKey(sessionId),
    queryFn: ({ signal }) => readDebrief(sessionId, signal),
  });
  const save = useAsyncAction();
  const [text, setText] = useState('');
  const [done, setDone] = useState(false);
  const savedText = saved.data?.debrief?.text;
  useEffect(() => {
    if (savedText !== undefined) setText((current) => current || savedText);
  }, [savedText]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    void save.run(async () => {
      const answer = await writeDebrief(sessionId, text);
      queryClient.setQueryData(debriefQueryKey(sessionId), answer);
      setDone(true);
    });
  }

  return (
    <form onSubmit={submit} className="flex w-full flex-col gap-2">
      <TextAreaField
        label="Private debrief note"
        hint="For you, and the Kindred team who support listeners. Your sharer never sees it."
        rows={3}
        maxLength={2000}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setDone(false);
        }}
      />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="secondary" busy={save.busy} disabled={!text.trim()}>
          Save note
        </Button>
        <p role="status">{done ? 'Note saved.' : ''}</p>
      </div>
      <FormAlert message={save.error} />
    </form>
  );
}
