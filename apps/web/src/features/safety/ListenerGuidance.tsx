import { useId, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { CloseIcon } from '../../components/ui/icons';
import { useAsyncAction } from '../../lib/use-async-action';
import { FIND_A_HELPLINE } from '../conversations/help-lines';
import { useHelpLine } from '../conversations/use-help-line';
import { alertStaff } from './wellbeing-api';

/**
 * The listener's private guidance when a message in their chat suggests risk (`safety_guidance`):
 * what to say, what not to promise, how to share a help line, and Alert staff. Only they see it.
 */
export function ListenerGuidance({
  sessionId,
  from,
  onDismiss,
}: {
  sessionId: string;
  /** Whose words raised it: the sharer's, the listener's own, or not known (after a reload). */
  from: 'sharer' | 'listener' | null;
  onDismiss: () => void;
}) {
  const titleId = useId();
  const alert = useAsyncAction();
  const line = useHelpLine();
  const [done, setDone] = useState(() => alerted.has(sessionId));
  const status = alert.busy
    ? 'Alerting the team…'
    : done
      ? 'Staff alerted: the Kindred team will look in.'
      : null;
  return (
    <section
      aria-labelledby={titleId}
      className="mx-2 mb-2 flex max-h-[40vh] flex-col gap-2 overflow-y-auto rounded-xl border border-warning bg-warning-soft p-3 text-sm sm:mx-3"
    >
      <div className="flex items-start justify-between gap-2">
        <h2 id={titleId} className="text-base font-semibold">
          Private guidance for you
          <span className="sr-only"> (only you see this)</span>
        </h2>
        <button
          type="button"
          onClick={onDismiss}
          aria-label="Hide the guidance"
          className="inline-flex size-11 shrink-0 items-center justify-center rounded-lg hover:bg-raised/60"
        >
          <CloseIcon className="size-5" />
        </button>
      </div>
      <p>
        {from === 'sharer'
          ? 'Their last message suggests they may be thinking of harming themselves. Only you see this.'
          : from === 'listener'
            ? 'Something you wrote suggests risk. If it was about you, please look after yourself too. Only you see this.'
            : 'A message in this chat suggested risk of self-harm. Only you see this.'}
      </p>
      <ul className="flex list-disc flex-col gap-1 pl-5">
        <li>
          <strong>Say:</strong> thank them for telling you, stay calm, and ask directly: “Are you
          thinking about ending your life?” Listen more than you talk.
        </li>
        <li>
          <strong>Don't promise</strong> to keep it secret, that everything will be fine, or to be
          there at any hour. You are a listener, not a counsellor.
        </li>
        <li>
          <strong>Share a help line:</strong> for example “{line.name} on {line.number} is free and
          there any time”, or{' '}
          <a href={FIND_A_HELPLINE} target="_blank" rel="noopener noreferrer">
            findahelpline.com
          </a>{' '}
          for their country.
        </li>
      </ul>
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="danger"
          busy={alert.busy}
          disabled={done}
          onClick={() =>
            void alert.run(async () => {
              await alertStaff(sessionId);
              alerted.add(sessionId);
              setDone(true);
            })
          }
        >
          {done ? 'Staff alerted' : 'Alert staff'}
        </Button>
        <p role="status">{status}</p>
      </div>
      {alert.error && (
        <p role="alert" className="text-danger-text">
          Couldn't alert staff: {alert.error} Please try again, or use Get help now.
        </p>
      )}
    </section>
  );
}

/** Chats whose staff were alerted from this page (the answer is the same if pressed twice). */
const alerted = new Set<string>();
