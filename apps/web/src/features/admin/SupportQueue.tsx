import {
  type AdminSupportTicket,
  adminSupportResponseSchema,
  adminSupportTicketResponseSchema,
  type SupportStatus,
} from '@kindred/protocol';
import { FilterButtons } from './FilterButtons';
import { TitledSection } from '../../components/ui/Card';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { showToast } from '../../components/ui/toast-store';
import { apiJson } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { ChatView } from '../conversations/ChatView';
import { useMe } from '../identity/me-query';
import { teamStatusLabel } from '../support/support-api';
import { adminQueryKey, refreshAdminData } from './admin-api';
import { formatAge, formatDateTime } from './admin-format';
import { QueryState } from './QueryState';

const statuses: SupportStatus[] = ['open', 'waiting_user', 'resolved'];

const supportQueryOptions = (status: SupportStatus) => ({
  queryKey: [...adminQueryKey, 'support', status] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) =>
    apiJson('GET', `/admin/support?status=${status}`, adminSupportResponseSchema, { signal }),
  refetchInterval: 20_000,
});

/** Take ownership, change status: each answers with the ticket as it now stands. */
function useTicketActions() {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  async function run(key: string, call: () => Promise<unknown>, done: string) {
    setBusy(key);
    try {
      await call();
      showToast(done, 'success');
      await refreshAdminData(queryClient);
      return true;
    } catch (error) {
      showToast(errorMessage(error), 'error');
      return false;
    } finally {
      setBusy(null);
    }
  }
  return {
    busy,
    assign: (ticket: AdminSupportTicket) =>
      run(
        `assign:${ticket.id}`,
        () =>
          apiJson('POST', `/admin/support/${ticket.id}/assign`, adminSupportTicketResponseSchema),
        `You now own “${ticket.subject}”`,
      ),
    setStatus: (ticket: AdminSupportTicket, status: SupportStatus) =>
      run(
        `status:${ticket.id}`,
        () =>
          apiJson('PATCH', `/admin/support/${ticket.id}`, adminSupportTicketResponseSchema, {
            body: { status },
          }),
        `“${ticket.subject}” marked ${teamStatusLabel[status].toLowerCase()}`,
      ),
  };
}

function TicketRow({
  ticket,
  myId,
  selected,
  onOpen,
  actions,
}: {
  ticket: AdminSupportTicket;
  myId: string;
  selected: boolean;
  onOpen: () => void;
  actions: ReturnType<typeof useTicketActions>;
}) {
  const mine = ticket.assigned_to?.id === myId;
  return (
    <li
      className={`flex flex-col gap-2 rounded-xl border bg-raised p-4 ${
        selected ? 'border-primary-strong' : 'border-line'
      }`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="text-lg font-semibold">{ticket.subject}</h3>
        <span className="text-sm text-muted">
          {ticket.last_message_at
            ? `Last message ${formatAge(ticket.last_message_at)}`
            : `Opened ${formatDateTime(ticket.created_at)}`}
        </span>
      </div>
      <p className="text-sm">
        From{' '}
        {ticket.user ? (
          <>
            <strong>{ticket.user.pseudonym}</strong> ({ticket.user.email})
          </>
        ) : (
          'a deleted account'
        )}{' '}
        ·{' '}
        {ticket.assigned_to
          ? mine
            ? 'Owned by you'
            : `Owned by ${ticket.assigned_to.pseudonym}`
          : 'Unassigned'}{' '}
        · {ticket.message_count} {ticket.message_count === 1 ? 'message' : 'messages'}
      </p>
      {ticket.last_message_preview && (
        <p className="rounded-lg bg-surface p-2 text-sm whitespace-pre-wrap">
          {ticket.last_message_preview}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {!mine && (
          <Button
            variant={ticket.assigned_to ? 'secondary' : 'primary'}
            busy={actions.busy === `assign:${ticket.id}`}
            onClick={() => void actions.assign(ticket).then((ok) => ok && onOpen())}
          >
            Take ownership<span className="sr-only"> of {ticket.subject}</span>
          </Button>
        )}
        {ticket.is_member && (
          <Button variant="secondary" aria-pressed={selected} onClick={onOpen}>
            Open conversation<span className="sr-only"> {ticket.subject}</span>
          </Button>
        )}
      </div>
    </li>
  );
}

/** The open ticket: its conversation (the normal chat view) and the status buttons. */
function TicketConversation({
  ticket,
  actions,
  onClose,
  onMoved,
}: {
  ticket: AdminSupportTicket;
  actions: ReturnType<typeof useTicketActions>;
  onClose: () => void;
  /** The ticket now sits in another list: show that list, with the ticket still open. */
  onMoved: (status: SupportStatus) => void;
}) {
  const move = (status: SupportStatus) =>
    actions.setStatus(ticket, status).then((ok) => {
      if (ok) onMoved(status);
      return ok;
    });
  const [confirmResolve, setConfirmResolve] = useState(false);
  const busy = actions.busy === `status:${ticket.id}`;
  const statusButtons = (
    <>
      {ticket.status !== 'waiting_user' && ticket.status !== 'resolved' && (
        <Button variant="secondary" busy={busy} onClick={() => void move('waiting_user')}>
          Waiting on user
        </Button>
      )}
      {ticket.status !== 'resolved' ? (
        <Button variant="secondary" aria-haspopup="dialog" onClick={() => setConfirmResolve(true)}>
          Resolve
        </Button>
      ) : (
        <Button variant="secondary" busy={busy} onClick={() => void move('open')}>
          Reopen
        </Button>
      )}
      <Button variant="ghost" onClick={onClose}>
        Close
      </Button>
    </>
  );
  return (
    <section aria-label={`Conversation: ${ticket.subject}`} className="flex flex-col gap-2">
      <p className="text-sm text-muted">
        Status: <strong className="text-ink">{teamStatusLabel[ticket.status]}</strong>. You reply as
        “Kindred Support”; the user never sees your pseudonym.
      </p>
      <ChatView
        key={ticket.id}
        sessionId={ticket.id}
        headerActions={statusButtons}
        composer={
          ticket.status === 'resolved' ? (
            <p className="border-t border-line p-3 text-center">
              This ticket is resolved. Reopen it to reply.
            </p>
          ) : undefined
        }
      />
      <Dialog
        open={confirmResolve}
        onClose={() => setConfirmResolve(false)}
        title={`Resolve “${ticket.subject}”?`}
      >
        <p>The conversation closes: the user can read it but not reply, and can open a new one.</p>
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setConfirmResolve(false)}>
            Cancel
          </Button>
          <Button
            busy={busy}
            onClick={() => void move('resolved').then(() => setConfirmResolve(false))}
          >
            Resolve
          </Button>
        </div>
      </Dialog>
    </section>
  );
}

/** Admin tab: the support queue by status; take a ticket, reply, mark it waiting or resolved. */
export function SupportQueue() {
  const { data: me } = useMe();
  const [status, setStatus] = useState<SupportStatus>('open');
  const [openId, setOpenId] = useState<string | null>(null);
  const query = useQuery(supportQueryOptions(status));
  const actions = useTicketActions();
  const current = query.data?.tickets.find((t) => t.id === openId) ?? null;
  if (!me) return null;

  return (
    <TitledSection
      headingId="support-queue-heading"
      title="Support queue"
      className="flex flex-col gap-4"
    >
      <FilterButtons
        label="Show tickets"
        options={statuses.map((key) => ({ key, label: teamStatusLabel[key] }))}
        selected={status}
        onSelect={setStatus}
      />
      {current && current.is_member && (
        <TicketConversation
          ticket={current}
          actions={actions}
          onClose={() => setOpenId(null)}
          onMoved={setStatus}
        />
      )}
      <QueryState query={query} loading="Loading tickets…">
        {(data) =>
          data.tickets.length === 0 ? (
            <p className="text-muted">No {teamStatusLabel[status].toLowerCase()} tickets.</p>
          ) : (
            <ul className="flex flex-col gap-3">
              {data.tickets.map((ticket) => (
                <TicketRow
                  key={ticket.id}
                  ticket={ticket}
                  myId={me.id}
                  selected={ticket.id === openId}
                  onOpen={() => setOpenId(ticket.id)}
                  actions={actions}
                />
              ))}
            </ul>
          )
        }
      </QueryState>
    </TitledSection>
  );
}
