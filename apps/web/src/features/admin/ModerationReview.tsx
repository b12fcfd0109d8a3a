import type { ModerationActionBody, ModerationItem, ModerationItemDetail } from '@kindred/protocol';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextAreaField } from '../../components/ui/TextAreaField';
import { showToast } from '../../components/ui/toast-store';
import { errorMessage } from '../../lib/api-error';
import { actOnModerationItem, moderationItemQueryOptions, refreshAdminData } from './admin-api';
import { formatDateTime, humanize } from './admin-format';
import { BanDialog } from './BanDialog';
import { QueryState } from './QueryState';
import { SeverityBadge } from './SeverityBadge';
import { WarnDialog } from './WarnDialog';

type Action = ModerationActionBody['action'];

const doneMessages: Record<Action, string> = {
  dismiss: 'Dismissed',
  remove_message: 'Message removed',
  warn: 'Warning sent',
  ban: 'User banned',
};

function Evidence({ detail }: { detail: ModerationItemDetail }) {
  const { item, context } = detail;
  return (
    <div className="flex flex-col gap-4">
      <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">Type</dt>
        <dd>{item.kind === 'report' ? 'Report' : 'Flagged message'}</dd>
        <dt className="font-semibold">Category</dt>
        <dd>{humanize(item.category)}</dd>
        <dt className="font-semibold">User</dt>
        <dd>{item.user?.pseudonym ?? 'Deleted account'}</dd>
        {item.kind === 'report' && (
          <>
            <dt className="font-semibold">Reported by</dt>
            <dd>{item.reporter?.pseudonym ?? 'Deleted account'}</dd>
          </>
        )}
        <dt className="font-semibold">When</dt>
        <dd>{formatDateTime(item.created_at)}</dd>
        {item.description && (
          <>
            <dt className="font-semibold">Description</dt>
            <dd className="whitespace-pre-wrap">{item.description}</dd>
          </>
        )}
        {item.reviewed_at && (
          <>
            <dt className="font-semibold">Reviewed</dt>
            <dd>
              {formatDateTime(item.reviewed_at)}
              {item.resolution ? ` — ${item.resolution}` : ''}
            </dd>
          </>
        )}
      </dl>
      <div className="flex flex-col gap-1">
        <h4 className="font-semibold">Evidence</h4>
        {item.content ? (
          <blockquote className="whitespace-pre-wrap rounded-lg border-l-4 border-danger bg-danger-soft px-4 py-2">
            {item.content}
          </blockquote>
        ) : (
          <p className="text-muted">No message was attached to this item.</p>
        )}
      </div>
      <div className="flex flex-col gap-1">
        <h4 className="font-semibold">Conversation around it</h4>
        {!detail.conversation_available ? (
          <p className="text-muted">The chat has expired; only the snapshot above remains.</p>
        ) : context.length === 0 ? (
          <p className="text-muted">No messages around it.</p>
        ) : (
          <ol aria-label="Messages around the item" className="flex flex-col gap-1">
            {context.map((message) => (
              <li
                key={message.id}
                aria-current={message.is_subject ? 'true' : undefined}
                className={`rounded-lg px-3 py-2 ${
                  message.is_subject ? 'border-2 border-danger bg-danger-soft' : 'bg-surface'
                }`}
              >
                <p className="text-sm text-muted">
                  <span className="font-semibold text-ink">
                    {message.sender?.pseudonym ?? 'Kindred'}
                  </span>{' '}
                  · <time dateTime={message.sent_at}>{formatDateTime(message.sent_at)}</time>
                  {message.is_subject && (
                    <span className="ml-2 font-bold text-danger-text">This message</span>
                  )}
                  {message.moderation_status !== 'approved' && (
                    <span className="ml-2 italic">({humanize(message.moderation_status)})</span>
                  )}
                </p>
                <p className="whitespace-pre-wrap">{message.content}</p>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}

interface ReviewActionsProps {
  detail: ModerationItemDetail;
  onDone: () => void;
}

function ReviewActions({ detail, onDone }: ReviewActionsProps) {
  const { item } = detail;
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [warning, setWarning] = useState(false);
  const [banning, setBanning] = useState(false);

  async function act(body: ModerationActionBody) {
    await actOnModerationItem(item.kind, item.id, body);
    showToast(doneMessages[body.action]);
    onDone();
    void refreshAdminData(queryClient);
  }

  async function run(body: ModerationActionBody) {
    setBusy(body.action);
    setError(null);
    try {
      await act(body);
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(null);
    }
  }

  const trimmedNote = note.trim() || undefined;
  const canRemove = item.message_id !== null && detail.conversation_available;
  // Warn and Ban open a dialog; like every decision, they wait while another one is sent.
  const opensDialog = { 'aria-haspopup': 'dialog', disabled: busy !== null } as const;
  return (
    <div className="flex flex-col gap-3 border-t border-line pt-4">
      <h4 className="font-semibold">Decision</h4>
      <TextAreaField
        label="Note for the audit log (optional)"
        rows={2}
        maxLength={500}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          busy={busy === 'dismiss'}
          disabled={busy !== null}
          onClick={() => void run({ action: 'dismiss', note: trimmedNote })}
        >
          Dismiss
        </Button>
        {canRemove && (
          <Button
            variant="secondary"
            busy={busy === 'remove_message'}
            disabled={busy !== null}
            onClick={() => void run({ action: 'remove_message', note: trimmedNote })}
          >
            Remove message
          </Button>
        )}
        {item.user && (
          <>
            <Button variant="secondary" {...opensDialog} onClick={() => setWarning(true)}>
              Warn user
            </Button>
            <Button variant="danger" {...opensDialog} onClick={() => setBanning(true)}>
              Ban user
            </Button>
          </>
        )}
      </div>
      <FormAlert message={error} />
      <WarnDialog
        user={warning ? item.user : null}
        onClose={() => setWarning(false)}
        onSubmit={async (message) => {
          await act({ action: 'warn', message });
          setWarning(false);
        }}
      />
      <BanDialog
        user={banning ? item.user : null}
        onClose={() => setBanning(false)}
        onSubmit={async (reason) => {
          await act({ action: 'ban', reason });
          setBanning(false);
        }}
      />
    </div>
  );
}

/** The review panel for one queue item: its evidence, the chat around it, and the decision. */
export function ModerationReview({
  item,
  actionable,
  onClose,
}: {
  item: ModerationItem;
  /** From the open list: still waiting for a decision (a report under review has been looked at). */
  actionable: boolean;
  onClose: () => void;
}) {
  const detail = useQuery(moderationItemQueryOptions(item.kind, item.id));
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Opening a review moves focus to it, so keyboard and screen-reader users land on the evidence.
  useEffect(() => {
    headingRef.current?.focus();
  }, [item.id]);

  return (
    <section
      aria-labelledby="moderation-review-heading"
      className="flex flex-col gap-4 rounded-xl border-2 border-primary-strong bg-raised p-4"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3
          id="moderation-review-heading"
          ref={headingRef}
          tabIndex={-1}
          className="flex items-center gap-2 text-xl"
        >
          Review: {humanize(item.category)} <SeverityBadge severity={item.severity} />
        </h3>
        <Button variant="ghost" onClick={onClose}>
          Close review
        </Button>
      </div>
      <QueryState query={detail} loading="Loading the evidence…">
        {(data) => (
          <>
            <Evidence detail={data} />
            {actionable && <ReviewActions detail={data} onDone={onClose} />}
          </>
        )}
      </QueryState>
    </section>
  );
}
