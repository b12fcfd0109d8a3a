import type { ModerationItem } from '@kindred/protocol';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { z } from 'zod';
import { Button } from '../../components/ui/Button';
import { moderationQueueQueryOptions } from './admin-api';
import { formatAge, formatDateTime, humanize, snippet } from './admin-format';
import { useAdminTitle } from './AdminLayout';
import { ModerationReview } from './ModerationReview';
import { PagedTable } from './PagedTable';
import { QueryState, tdClasses } from './QueryState';
import { usePager } from './use-pager';
import { ReportsTable } from './ReportsTable';
import { SeverityBadge } from './SeverityBadge';

const PAGE_SIZE = 20;
type QueueState = 'open' | 'reviewed';

function QueueStateToggle({
  value,
  onChange,
}: {
  value: QueueState;
  onChange: (value: QueueState) => void;
}) {
  return (
    <div
      role="group"
      aria-label="Which items"
      className="inline-flex rounded-lg border border-control"
    >
      {(['open', 'reviewed'] as const).map((state) => (
        <button
          key={state}
          type="button"
          aria-pressed={value === state}
          onClick={() => onChange(state)}
          className={`min-h-11 px-4 font-semibold first:rounded-l-lg last:rounded-r-lg ${
            value === state
              ? 'bg-primary-strong text-on-accent'
              : 'bg-raised text-ink hover:bg-surface'
          }`}
        >
          {state === 'open' ? 'Open' : 'Reviewed'}
        </button>
      ))}
    </div>
  );
}

function ModerationQueue() {
  const [state, setState] = useState<QueueState>('open');
  const pager = usePager(PAGE_SIZE);
  const [selected, setSelected] = useState<ModerationItem | null>(null);
  const triggers = useRef(new Map<string, HTMLButtonElement>());
  const queue = useQuery(moderationQueueQueryOptions({ ...pager.query, state }));

  function closeReview() {
    const id = selected?.id;
    setSelected(null);
    // Back to where the review started, or to the queue's heading if that row is gone.
    window.setTimeout(() => {
      const trigger = id ? triggers.current.get(id) : undefined;
      if (trigger?.isConnected) trigger.focus();
      else document.getElementById('moderation-queue-heading')?.focus();
    });
  }

  return (
    <section aria-labelledby="moderation-queue-heading" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="moderation-queue-heading" tabIndex={-1} className="text-2xl">
          Moderation queue
        </h2>
        <QueueStateToggle
          value={state}
          onChange={(next) => {
            setState(next);
            pager.firstPage();
            setSelected(null);
          }}
        />
      </div>
      <QueryState query={queue} loading="Loading the queue…">
        {(data) => (
          <PagedTable
            caption={state === 'open' ? 'Items waiting for review' : 'Reviewed items'}
            columns={['Severity', 'Category', 'User', 'Message', 'Age', 'Actions']}
            empty={state === 'open' ? 'Nothing is waiting for review.' : 'Nothing reviewed yet.'}
            rows={data.items}
            paging={data}
            pagingLabel="Queue"
            pager={pager}
          >
            {(item) => (
              <tr
                key={`${item.kind}:${item.id}`}
                className={selected?.id === item.id ? 'bg-primary-soft' : undefined}
              >
                <td className={tdClasses}>
                  <SeverityBadge severity={item.severity} />
                </td>
                <td className={tdClasses}>
                  {humanize(item.category)}
                  <span className="block text-xs text-muted">
                    {item.kind === 'report' ? 'Report' : 'Flagged message'}
                  </span>
                </td>
                <td className={tdClasses}>{item.user?.pseudonym ?? 'Deleted account'}</td>
                <td className={tdClasses}>{snippet(item.content ?? item.description) || '—'}</td>
                <td className={`${tdClasses} whitespace-nowrap`}>
                  <time dateTime={item.created_at} title={formatDateTime(item.created_at)}>
                    {formatAge(item.created_at)}
                  </time>
                </td>
                <td className={tdClasses}>
                  <Button
                    ref={(node) => {
                      if (node) triggers.current.set(item.id, node);
                      else triggers.current.delete(item.id);
                    }}
                    variant="ghost"
                    aria-label={`Review ${humanize(item.category)} from ${
                      item.user?.pseudonym ?? 'a deleted account'
                    }`}
                    onClick={() => setSelected(item)}
                  >
                    Review
                  </Button>
                </td>
              </tr>
            )}
          </PagedTable>
        )}
      </QueryState>
      {selected && (
        <ModerationReview
          key={selected.id}
          item={selected}
          actionable={state === 'open'}
          onClose={closeReview}
        />
      )}
    </section>
  );
}

/**
 * /admin/moderation: flagged messages and reports to review, then the listening contract's reports
 * table.
 */
export function ModerationTab() {
  useAdminTitle('Reports & Moderation');
  const [params, setParams] = useSearchParams();
  // The Users tab links here with a user id; anything else in the address is ignored.
  const parsed = z.uuid().safeParse(params.get('reported_user_id'));
  const reportedUserId = parsed.success ? parsed.data : undefined;
  return (
    <div className="flex flex-col gap-10">
      <ModerationQueue />
      <ReportsTable
        reportedUserId={reportedUserId}
        onClearUser={() => setParams({}, { replace: true })}
      />
    </div>
  );
}
