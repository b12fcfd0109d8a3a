import type { SupportTicket } from '@kindred/protocol';
import { Link, useNavigate, useParams } from 'react-router';
import { z } from 'zod';
import { ButtonLink } from '../components/ui/ButtonLink';
import { FormAlert } from '../components/ui/FormAlert';
import { LoadingState } from '../components/ui/Spinner';
import { ChatView } from '../features/conversations/ChatView';
import { GetHelpButton } from '../features/safety/GetHelpDialog';
import { ContactSupportForm } from '../features/support/ContactSupportForm';
import { supportStatusLabel, useSupportTickets } from '../features/support/support-api';
import { errorMessage } from '../lib/api-error';
import { usePageTitle } from '../lib/use-page-title';
import { NotFoundPage } from './NotFoundPage';
import { PageHeader } from '../components/ui/PageHeader';

const ticketIdSchema = z.uuid();

const statusClasses: Record<SupportTicket['status'], string> = {
  open: 'bg-primary-soft text-primary-stronger',
  waiting_user: 'bg-surface text-ink border border-control',
  resolved: 'bg-surface text-muted',
};

function StatusBadge({ status }: { status: SupportTicket['status'] }) {
  return (
    <span className={`rounded-full px-2 py-0.5 text-sm font-semibold ${statusClasses[status]}`}>
      {supportStatusLabel[status]}
    </span>
  );
}

function TicketList({ tickets }: { tickets: SupportTicket[] }) {
  if (tickets.length === 0) {
    return <p className="text-muted">You haven't contacted support yet.</p>;
  }
  return (
    <ul className="flex flex-col gap-2">
      {tickets.map((ticket) => (
        <li key={ticket.id}>
          <Link
            to={`/support/${ticket.id}`}
            className="flex flex-col gap-1 rounded-lg border border-line bg-raised p-3 no-underline hover:bg-primary-soft"
          >
            <span className="flex flex-wrap items-center gap-2">
              <span className="font-semibold text-ink">{ticket.subject}</span>
              <StatusBadge status={ticket.status} />
              {ticket.unread_count > 0 && (
                <span className="text-sm font-semibold text-primary-stronger">
                  {ticket.unread_count} new
                </span>
              )}
            </span>
            <span className="text-sm text-muted">
              Last activity {new Date(ticket.last_message_at ?? ticket.created_at).toLocaleString()}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** One ticket: its status and the conversation with the team, in the usual chat view. */
function TicketView({ ticketId, ticket }: { ticketId: string; ticket: SupportTicket | undefined }) {
  const resolved = ticket?.status === 'resolved';
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <Link to="/support">← All support requests</Link>
        {ticket && (
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-semibold">{ticket.subject}</span>
            <StatusBadge status={ticket.status} />
          </p>
        )}
      </div>
      {ticket?.status === 'waiting_user' && (
        <p role="status" className="rounded-lg bg-surface p-3">
          The team is waiting for your reply.
        </p>
      )}
      <ChatView
        sessionId={ticketId}
        headerActions={<GetHelpButton className="px-2 sm:px-3" />}
        composer={
          resolved ? (
            <div className="flex flex-col items-center gap-2 border-t border-line p-3 text-center">
              <p>This request is resolved. Need more help? Start a new one.</p>
              <ButtonLink to="/support" variant="secondary">
                Contact support again
              </ButtonLink>
            </div>
          ) : undefined
        }
      />
    </div>
  );
}

/** /support and /support/:ticketId: the user's conversations with the Kindred team. */
export function SupportPage() {
  usePageTitle('Support');
  const { ticketId } = useParams();
  const navigate = useNavigate();
  const tickets = useSupportTickets();

  if (ticketId !== undefined) {
    const parsed = ticketIdSchema.safeParse(ticketId);
    if (!parsed.success) return <NotFoundPage />;
    return (
      <TicketView
        key={parsed.data}
        ticketId={parsed.data}
        ticket={tickets.data?.find((t) => t.id === parsed.data)}
      />
    );
  }

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Support">
        Talk to the Kindred team. We usually answer within a day.
      </PageHeader>
      <div className="grid gap-6 md:grid-cols-2">
        <ContactSupportForm onCreated={(id) => void navigate(`/support/${id}`)} />
        <section aria-labelledby="my-requests-heading" className="flex flex-col gap-3">
          <h2 id="my-requests-heading" className="text-2xl">
            Your requests
          </h2>
          {tickets.isPending ? (
            <LoadingState label="Loading your requests…" />
          ) : tickets.isError ? (
            <FormAlert message={errorMessage(tickets.error)} />
          ) : (
            <TicketList tickets={tickets.data} />
          )}
        </section>
      </div>
    </div>
  );
}
