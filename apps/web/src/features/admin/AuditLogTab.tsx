import type { AdminLog } from '@kindred/protocol';
import { TitledSection } from '../../components/ui/Card';
import { useQuery } from '@tanstack/react-query';
import { adminLogsQueryOptions } from './admin-api';
import { formatDateTime, humanize } from './admin-format';
import { useAdminTitle } from './AdminLayout';
import { PagedTable } from './PagedTable';
import { QueryState, tdClasses } from './QueryState';
import { usePager } from './use-pager';

const PAGE_SIZE = 25;

/** A log entry's details as "key: value" lines (values that are objects shown as JSON). */
function Details({ details }: { details: AdminLog['details'] }) {
  const entries = Object.entries(details);
  if (entries.length === 0) return <span className="text-muted">—</span>;
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-2">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="font-semibold">{humanize(key)}</dt>
          <dd className="break-words">
            {typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
              ? String(value)
              : JSON.stringify(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** /admin/logs: every admin action, newest first. */
export function AuditLogTab() {
  useAdminTitle('Audit log');
  const pager = usePager(PAGE_SIZE);
  const logs = useQuery(adminLogsQueryOptions(pager.query));
  return (
    <TitledSection headingId="admin-logs-heading" title="Audit log" className="flex flex-col gap-4">
      <QueryState query={logs} loading="Loading the audit log…">
        {(data) => (
          <PagedTable
            caption="Admin actions"
            columns={['When', 'Admin', 'Action', 'Target', 'Details']}
            empty="No admin actions yet."
            rows={data.logs}
            paging={data}
            pagingLabel="Audit log"
            pager={pager}
          >
            {(log) => (
              <tr key={log.id}>
                <td className={`${tdClasses} whitespace-nowrap`}>
                  <time dateTime={log.timestamp}>{formatDateTime(log.timestamp)}</time>
                </td>
                <td className={tdClasses}>{log.admin?.pseudonym ?? 'Deleted account'}</td>
                <td className={tdClasses}>{humanize(log.action)}</td>
                <td className={tdClasses}>
                  {humanize(log.target_type)}
                  {log.target_id && (
                    <span className="block break-all text-xs text-muted">{log.target_id}</span>
                  )}
                </td>
                <td className={tdClasses}>
                  <Details details={log.details} />
                </td>
              </tr>
            )}
          </PagedTable>
        )}
      </QueryState>
    </TitledSection>
  );
}
