import {
  type AdminListener,
  adminListenerSchema,
  adminListenersResponseSchema,
  listenerReasonMax,
  type ReviewableListenerStatus,
  type ReviewListenerAction,
} from '@kindred/protocol';
import { FilterButtons } from './FilterButtons';
import { TitledSection } from '../../components/ui/Card';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog, DialogActions } from '../../components/ui/Dialog';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextAreaField } from '../../components/ui/TextAreaField';
import { showToast } from '../../components/ui/toast-store';
import { apiJson } from '../../lib/api';
import { useAsyncAction } from '../../lib/use-async-action';
import { adminQueryKey, refreshAdminData } from './admin-api';
import { formatDateTime } from './admin-format';
import { Pagination } from './Pagination';
import { usePager } from './use-pager';
import { useReasonField } from './ReasonDialog';
import { QueryState } from './QueryState';

const PAGE_SIZE = 20;

const statusTabs: { key: ReviewableListenerStatus; label: string }[] = [
  { key: 'pending', label: 'Pending' },
  { key: 'approved', label: 'Approved' },
  { key: 'rejected', label: 'Rejected' },
  { key: 'suspended', label: 'Suspended' },
];

/** Each action: its button, its confirmation, whether a reason is required, what it tells. */
const actionInfo: Record<
  ReviewListenerAction,
  { label: string; title: (p: string) => string; text: string; needsReason: boolean; done: string }
> = {
  approve: {
    label: 'Approve',
    title: (p) => `Approve ${p}?`,
    text: 'They can set themselves available and sharers will be able to find them.',
    needsReason: false,
    done: 'approved',
  },
  reject: {
    label: 'Reject',
    title: (p) => `Reject ${p}'s application?`,
    text: 'They will see your reason and can apply again.',
    needsReason: true,
    done: 'rejected',
  },
  suspend: {
    label: 'Suspend',
    title: (p) => `Suspend ${p}?`,
    text: 'They are set unavailable at once and no longer offered to sharers. They will see your reason.',
    needsReason: true,
    done: 'suspended',
  },
  reinstate: {
    label: 'Reinstate',
    title: (p) => `Reinstate ${p}?`,
    text: 'They become an approved listener again.',
    needsReason: false,
    done: 'reinstated',
  },
};

const actionsFor: Record<ReviewableListenerStatus, ReviewListenerAction[]> = {
  pending: ['approve', 'reject'],
  approved: ['suspend'],
  rejected: [],
  suspended: ['reinstate'],
};

const listenersQueryOptions = (status: ReviewableListenerStatus, page: number) => ({
  queryKey: [...adminQueryKey, 'listeners', status, page] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    apiJson(
      'GET',
      `/admin/listeners?status=${status}&page=${page}&limit=${PAGE_SIZE}`,
      adminListenersResponseSchema,
      { signal },
    ),
  placeholderData: keepPreviousData,
});

interface PendingAction {
  listener: AdminListener;
  action: ReviewListenerAction;
}

function ConfirmAction({
  pending,
  onClose,
}: {
  pending: PendingAction | null;
  onClose: () => void;
}) {
  const info = pending ? actionInfo[pending.action] : null;
  return (
    <Dialog
      open={pending !== null}
      onClose={onClose}
      title={info && pending ? info.title(pending.listener.pseudonym) : ''}
    >
      {pending && <ConfirmForm pending={pending} onClose={onClose} />}
    </Dialog>
  );
}

function ConfirmForm({ pending, onClose }: { pending: PendingAction; onClose: () => void }) {
  const queryClient = useQueryClient();
  const info = actionInfo[pending.action];
  const reason = useReasonField();
  const sending = useAsyncAction();

  async function confirm() {
    const trimmed = reason.take(
      info.needsReason ? 'Please give a reason; the listener will see it' : undefined,
    );
    if (trimmed === null) return;
    await sending.run(async () => {
      await apiJson('PATCH', `/admin/listeners/${pending.listener.id}`, adminListenerSchema, {
        body: { action: pending.action, ...(trimmed ? { reason: trimmed } : {}) },
      });
      showToast(`${pending.listener.pseudonym} ${info.done}`, 'success');
      await refreshAdminData(queryClient);
      onClose();
    });
  }

  return (
    <>
      <p>{info.text}</p>
      <TextAreaField
        label={info.needsReason ? 'Reason' : 'Note (optional)'}
        hint={info.needsReason ? 'Kind and clear: the listener will read this.' : undefined}
        maxLength={listenerReasonMax}
        {...reason.fieldProps}
      />
      <FormAlert message={sending.error} />
      <DialogActions onCancel={onClose}>
        <Button
          variant={
            pending.action === 'approve' || pending.action === 'reinstate' ? 'primary' : 'danger'
          }
          busy={sending.busy}
          onClick={() => void confirm()}
        >
          {info.label}
        </Button>
      </DialogActions>
    </>
  );
}

function ListenerCard({
  listener,
  onAction,
}: {
  listener: AdminListener;
  onAction: (action: ReviewListenerAction) => void;
}) {
  const headingId = useId();
  const pending = listener.listener_status === 'pending';
  const actions = actionsFor[listener.listener_status as ReviewableListenerStatus] ?? [];
  return (
    <li className="flex flex-col gap-2 rounded-xl border border-line bg-raised p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={headingId} className="text-lg font-semibold">
          {listener.pseudonym}
        </h3>
        <span className="text-sm text-muted">{listener.email}</span>
      </div>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        {listener.applied_at && (
          <>
            <dt className="text-muted">Applied</dt>
            <dd>{formatDateTime(listener.applied_at)}</dd>
          </>
        )}
        {listener.listener_topics.length > 0 && (
          <>
            <dt className="text-muted">Topics</dt>
            <dd>{listener.listener_topics.join(', ')}</dd>
          </>
        )}
        {listener.languages.length > 0 && (
          <>
            <dt className="text-muted">Languages</dt>
            <dd>{listener.languages.join(', ')}</dd>
          </>
        )}
        {!pending && listener.reviewed_at && (
          <>
            <dt className="text-muted">Reviewed</dt>
            <dd>
              {formatDateTime(listener.reviewed_at)}
              {listener.reviewed_by && ` by ${listener.reviewed_by.pseudonym}`}
            </dd>
          </>
        )}
        {listener.listener_status === 'approved' && (
          <>
            <dt className="text-muted">Chats</dt>
            <dd>
              {listener.listener_total_chats}
              {listener.listener_rating !== null &&
                ` · rated ${listener.listener_rating.toFixed(1)} / 5`}
            </dd>
          </>
        )}
      </dl>
      {listener.motivation && (
        <div className="rounded-lg bg-surface p-3 text-sm">
          <p className="font-semibold">Why they want to listen</p>
          <p className="whitespace-pre-wrap">{listener.motivation}</p>
        </div>
      )}
      {listener.reason && !pending && (
        <div className="rounded-lg bg-surface p-3 text-sm">
          <p className="font-semibold">Reason</p>
          <p className="whitespace-pre-wrap">{listener.reason}</p>
        </div>
      )}
      {actions.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {actions.map((action) => (
            <Button
              key={action}
              variant={action === 'approve' || action === 'reinstate' ? 'primary' : 'secondary'}
              aria-haspopup="dialog"
              onClick={() => onAction(action)}
            >
              {actionInfo[action].label}
              <span className="sr-only"> {listener.pseudonym}</span>
            </Button>
          ))}
        </div>
      )}
    </li>
  );
}

/** Admin tab: listener applications by status; approve, reject, suspend, reinstate. */
export function ListenerApprovals() {
  const [status, setStatus] = useState<ReviewableListenerStatus>('pending');
  const pager = usePager(PAGE_SIZE);
  const [pendingAction, setPendingAction] = useState<PendingAction | null>(null);
  const query = useQuery(listenersQueryOptions(status, pager.page));

  return (
    <TitledSection
      headingId="listener-approvals-heading"
      title="Listener applications"
      className="flex flex-col gap-4"
    >
      <FilterButtons
        label="Show listeners"
        options={statusTabs}
        selected={status}
        onSelect={(key) => {
          setStatus(key);
          pager.firstPage();
        }}
      />
      <QueryState query={query} loading="Loading listeners…">
        {(data) =>
          data.listeners.length === 0 ? (
            <p className="text-muted">
              {status === 'pending' ? 'No applications waiting for review.' : 'Nobody here.'}
            </p>
          ) : (
            <>
              <ul className="flex flex-col gap-3">
                {data.listeners.map((listener) => (
                  <ListenerCard
                    key={listener.id}
                    listener={listener}
                    onAction={(action) => setPendingAction({ listener, action })}
                  />
                ))}
              </ul>
              <Pagination label="Listeners" paging={data} pager={pager} />
            </>
          )
        }
      </QueryState>
      <ConfirmAction pending={pendingAction} onClose={() => setPendingAction(null)} />
    </TitledSection>
  );
}
