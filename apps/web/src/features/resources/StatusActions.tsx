import { resourceLimits } from '@kindred/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/Button';
import type { ButtonVariant } from '../../components/ui/button-styles';
import { ConfirmDialog, Dialog, DialogActions, DialogForm } from '../../components/ui/Dialog';
import { FormAlert } from '../../components/ui/FormAlert';
import { TextAreaField } from '../../components/ui/TextAreaField';
import { showToast } from '../../components/ui/toast-store';
import { useAsyncAction } from '../../lib/use-async-action';
import { useReasonField } from '../admin/ReasonDialog';
import { StatusBadge } from './StatusBadge';
import {
  deleteResource,
  refreshResources,
  type Resource,
  type ResourceStatus,
  updateResource,
} from './resources-api';

const explanations: Record<ResourceStatus, string> = {
  draft: 'Only editors can see it. Send it for review when it is ready.',
  in_review: 'Waiting for the team to review it.',
  published: 'Everyone signed in can find it in the library.',
  rejected: 'The team sent it back. Change it and send it for review again.',
};

/** The reason a reviewer gives when sending a resource back; the author reads it. */
export function RejectDialog({
  resource,
  onClose,
  onDone,
}: {
  resource: Resource | null;
  onClose: () => void;
  onDone: (resource: Resource) => void;
}) {
  return (
    <Dialog open={resource !== null} onClose={onClose} title="Send back with a reason">
      {resource && <RejectForm resource={resource} onClose={onClose} onDone={onDone} />}
    </Dialog>
  );
}

function RejectForm({
  resource,
  onClose,
  onDone,
}: {
  resource: Resource;
  onClose: () => void;
  onDone: (resource: Resource) => void;
}) {
  const reason = useReasonField();
  const sending = useAsyncAction();
  async function submit() {
    const text = reason.take('Please say why, so the author knows what to change');
    if (text === null) return;
    await sending.run(async () => {
      onDone(await updateResource(resource.id, { status: 'rejected', reason: text }));
    });
  }
  return (
    <DialogForm onSubmit={submit}>
      <p>“{resource.title}” goes back to its author with your reason.</p>
      <TextAreaField
        label="Reason"
        hint="Kind and specific: what should change?"
        maxLength={resourceLimits.reasonMax}
        {...reason.fieldProps}
        required
        autoFocus
      />
      <FormAlert message={sending.error} />
      <DialogActions onCancel={onClose}>
        <Button type="submit" variant="danger" busy={sending.busy}>
          Reject
        </Button>
      </DialogActions>
    </DialogForm>
  );
}

/** Each move an editor may be offered, as its button reads and what it tells afterwards. */
const moves: Record<ResourceStatus, { label: string; done: string; variant: ButtonVariant }> = {
  in_review: { label: 'Send for review', done: 'Sent for review', variant: 'primary' },
  published: { label: 'Publish', done: 'Published', variant: 'primary' },
  rejected: { label: 'Reject…', done: 'Sent back to the author', variant: 'danger' },
  draft: { label: 'Back to draft', done: 'Moved back to draft', variant: 'secondary' },
};

/**
 * Where the resource stands in review, and the moves the server says this person may make from
 * there (send for review, publish, reject with a reason, back to draft), plus Delete.
 */
export function StatusActions({
  resource,
  onChange,
}: {
  resource: Resource;
  onChange: (resource: Resource) => void;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const action = useAsyncAction<ResourceStatus>();
  const removing = useAsyncAction();
  const [rejecting, setRejecting] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const status = resource.status;
  const hasContent =
    resource.type === 'article'
      ? Boolean(resource.body?.trim())
      : resource.type === 'link'
        ? Boolean(resource.url)
        : Boolean(resource.file);

  async function move(next: ResourceStatus) {
    await action.run(async () => {
      const updated = await updateResource(resource.id, { status: next });
      onChange(updated);
      await refreshResources(queryClient);
      showToast(moves[next].done, 'success');
    }, next);
  }

  async function remove() {
    await removing.run(async () => {
      await deleteResource(resource.id);
      await refreshResources(queryClient);
      showToast('Resource deleted', 'success');
      void navigate('/library/mine', { replace: true });
    });
  }

  // Publishing comes first: it is what an admin usually came to do.
  const order: ResourceStatus[] = ['published', 'in_review', 'rejected', 'draft'];
  const offered = order.filter((next) => resource.allowed_statuses.includes(next));

  return (
    <section
      aria-labelledby={`${id}-title`}
      className="flex flex-col gap-3 rounded-xl border border-line bg-raised p-4"
    >
      <h2 id={`${id}-title`} className="flex flex-wrap items-center gap-3 text-xl">
        Status <StatusBadge status={status} />
      </h2>
      <p className="text-muted">{explanations[status]}</p>
      {resource.rejection_reason && status === 'rejected' && (
        <p>
          <span className="font-semibold">Reason:</span> {resource.rejection_reason}
        </p>
      )}
      {!hasContent && status !== 'published' && (
        <p className="text-warning-text">
          {resource.type === 'article'
            ? 'Write the article before it can be published.'
            : resource.type === 'link'
              ? 'Add the link before it can be published.'
              : 'Upload the file before it can be published.'}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {offered.map((next) => (
          <Button
            key={next}
            variant={
              next === 'in_review' && offered.includes('published')
                ? 'secondary'
                : moves[next].variant
            }
            busy={action.pending === next}
            disabled={action.busy}
            onClick={() => (next === 'rejected' ? setRejecting(true) : void move(next))}
          >
            {moves[next].label}
          </Button>
        ))}
        {resource.can_edit && (
          <Button variant="ghost" onClick={() => setConfirmingDelete(true)}>
            Delete…
          </Button>
        )}
      </div>
      <FormAlert message={action.error} />
      <RejectDialog
        resource={rejecting ? resource : null}
        onClose={() => setRejecting(false)}
        onDone={(updated) => {
          setRejecting(false);
          onChange(updated);
          void refreshResources(queryClient);
          showToast(moves.rejected.done, 'success');
        }}
      />
      <ConfirmDialog
        open={confirmingDelete}
        onClose={() => setConfirmingDelete(false)}
        title="Delete this resource?"
        error={removing.error}
        confirm={{ label: 'Delete', busy: removing.busy, onClick: () => void remove() }}
      >
        <p>
          “{resource.title}” leaves the library at once, and chats that shared it show that it is no
          longer available.
        </p>
      </ConfirmDialog>
    </section>
  );
}
