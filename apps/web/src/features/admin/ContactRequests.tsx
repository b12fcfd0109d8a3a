import {
  adminContactRequestResponseSchema,
  adminContactResponseSchema,
  type ContactRequest,
} from '@kindred/protocol';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { showToast } from '../../components/ui/toast-store';
import { apiJson, getJson } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { adminQueryKey } from './admin-api';
import { formatDateTime } from './admin-format';
import { QueryState } from './QueryState';

type ContactStatus = ContactRequest['status'];
const label: Record<ContactStatus, string> = { open: 'Open', resolved: 'Resolved' };
const contactKey = (status: ContactStatus) => [...adminQueryKey, 'contact', status] as const;

/**
 * Messages from the signed-out contact form (people locked out or banned): no account to reply
 * to in Kindred, so the team answers by e-mail and marks them resolved here.
 */
export function ContactRequests() {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ContactStatus>('open');
  const [busy, setBusy] = useState<string | null>(null);
  const query = useQuery({
    queryKey: contactKey(status),
    queryFn: getJson(`/admin/contact-requests?status=${status}`, adminContactResponseSchema),
    refetchInterval: 20_000,
  });

  async function move(request: ContactRequest, next: ContactStatus) {
    setBusy(request.id);
    try {
      await apiJson(
        'PATCH',
        `/admin/contact-requests/${request.id}`,
        adminContactRequestResponseSchema,
        {
          body: { status: next },
        },
      );
      showToast(`“${request.subject}” marked ${label[next].toLowerCase()}`, 'success');
      await queryClient.invalidateQueries({ queryKey: [...adminQueryKey, 'contact'] });
    } catch (error) {
      showToast(errorMessage(error), 'error');
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="contact-requests-heading" className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <h2 id="contact-requests-heading" className="text-2xl">
          Contact form (signed out)
        </h2>
        <p className="text-muted">
          From people who could not sign in. Answer them by e-mail, then mark them resolved.
        </p>
      </div>
      <div role="group" aria-label="Show contact requests" className="flex flex-wrap gap-2">
        {(['open', 'resolved'] as const).map((s) => (
          <Button
            key={s}
            variant={s === status ? 'primary' : 'secondary'}
            aria-pressed={s === status}
            onClick={() => setStatus(s)}
          >
            {label[s]}
          </Button>
        ))}
      </div>
      <QueryState query={query} loading="Loading contact requests…">
        {(data) =>
          data.requests.length === 0 ? (
            <p className="text-muted">No {label[status].toLowerCase()} contact requests.</p>
          ) : (
            <ul className="flex flex-col gap-3" aria-label="Contact requests">
              {data.requests.map((request) => (
                <li
                  key={request.id}
                  className="flex flex-col gap-2 rounded-lg border border-line bg-raised p-4"
                >
                  <div className="flex flex-wrap items-baseline justify-between gap-2">
                    <h3 className="text-lg">{request.subject}</h3>
                    <span className="text-sm text-muted">
                      Signed-out contact · {formatDateTime(request.created_at)}
                    </span>
                  </div>
                  <p className="text-sm">
                    From {request.name ? `${request.name} ` : ''}
                    <a className="text-primary-strong underline" href={`mailto:${request.email}`}>
                      {request.email}
                    </a>
                  </p>
                  <p className="whitespace-pre-wrap">{request.message}</p>
                  <Button
                    variant="secondary"
                    className="self-start"
                    busy={busy === request.id}
                    onClick={() => void move(request, status === 'open' ? 'resolved' : 'open')}
                  >
                    {status === 'open' ? 'Mark resolved' : 'Reopen'}
                  </Button>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
