import { limits, reportStatusSchema, type AdminReport, type ReportStatus } from '@kindred/protocol';
import { TitledSection } from '../../components/ui/Card';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Form, FormSubmit } from '../../components/ui/Form';
import { Options, SelectField } from '../../components/ui/SelectField';
import { TextAreaField } from '../../components/ui/TextAreaField';
import { showToast } from '../../components/ui/toast-store';
import { useAsyncAction } from '../../lib/use-async-action';
import { adminReportsQueryOptions, refreshAdminData, updateReport } from './admin-api';
import { formatDateTime, humanize } from './admin-format';
import { ExpandableRow, PagedTable, useRowExpansion } from './PagedTable';
import { QueryState, tdClasses } from './QueryState';
import { usePager } from './use-pager';

const PAGE_SIZE = 20;
const statuses = reportStatusSchema.options;

function ResolutionForm({ report }: { report: AdminReport }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ReportStatus>(
    report.status === 'pending' ? 'resolved' : report.status,
  );
  const [resolution, setResolution] = useState(report.resolution ?? '');
  const { busy, error, run } = useAsyncAction();

  function save() {
    return run(async () => {
      await updateReport(report.id, { status, resolution: resolution.trim() || undefined });
      showToast('Report updated');
      await refreshAdminData(queryClient);
    });
  }

  return (
    <Form
      aria-label={`Resolution of the report against ${report.reported_user.pseudonym}`}
      className="flex flex-col gap-3"
      onSubmit={save}
    >
      <TextAreaField
        label="Resolution"
        rows={3}
        maxLength={limits.resolutionMax}
        value={resolution}
        onChange={(event) => setResolution(event.target.value)}
      />
      <SelectField
        label="Status"
        value={status}
        onChange={(event) => setStatus(event.target.value as ReportStatus)}
      >
        <Options values={statuses} label={humanize} />
      </SelectField>
      <FormSubmit error={error} busy={busy}>
        Save resolution
      </FormSubmit>
    </Form>
  );
}

function ReportDetails({ report }: { report: AdminReport }) {
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <dl className="flex flex-col gap-1">
        <dt className="font-semibold">Description</dt>
        <dd className="whitespace-pre-wrap">{report.description}</dd>
        <dt className="font-semibold">Related chat</dt>
        <dd className="break-all">{report.session_id ?? 'None'}</dd>
        <dt className="font-semibold">Reported message</dt>
        <dd>
          {report.message_snapshot ? (
            <blockquote className="whitespace-pre-wrap rounded-lg border-l-4 border-danger bg-raised px-3 py-1">
              {report.message_snapshot}
            </blockquote>
          ) : (
            'None'
          )}
          {report.message_sent_at && (
            <span className="text-sm text-muted">
              Sent {formatDateTime(report.message_sent_at)}
            </span>
          )}
        </dd>
        {report.reviewed_at && (
          <>
            <dt className="font-semibold">Last reviewed</dt>
            <dd>
              {formatDateTime(report.reviewed_at)}
              {report.reviewed_by ? ` by ${report.reviewed_by.pseudonym}` : ''}
            </dd>
          </>
        )}
      </dl>
      <ResolutionForm report={report} />
    </div>
  );
}

/**
 * The listening contract's reports table: filter by status, expand a row to read it and record a
 * resolution.
 */
export function ReportsTable({
  reportedUserId,
  onClearUser,
}: {
  reportedUserId?: string;
  onClearUser: () => void;
}) {
  const [status, setStatus] = useState<ReportStatus | ''>('');
  const pager = usePager(PAGE_SIZE);
  const expansion = useRowExpansion('report-details');
  const reports = useQuery(
    adminReportsQueryOptions({
      ...pager.query,
      status: status || undefined,
      reported_user_id: reportedUserId,
    }),
  );

  return (
    <TitledSection
      headingId="admin-reports-heading"
      title="Reports"
      className="flex flex-col gap-4"
    >
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-full sm:w-64">
          <SelectField
            label="Report status"
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as ReportStatus | '');
              pager.firstPage();
            }}
          >
            <option value="">All</option>
            <Options values={statuses} label={humanize} />
          </SelectField>
        </div>
        {reportedUserId && (
          <Button variant="secondary" onClick={onClearUser}>
            Show reports against everyone
          </Button>
        )}
      </div>
      <QueryState query={reports} loading="Loading reports…">
        {(data) => (
          <PagedTable
            caption={`Reports${reportedUserId ? ` against ${data.reports[0]?.reported_user.pseudonym}` : ''}`}
            columns={['Date', 'Reporter', 'Reported user', 'Reason', 'Status', 'Actions']}
            empty="No reports here."
            rows={data.reports}
            paging={data}
            pagingLabel="Reports"
            pager={pager}
          >
            {(report) => {
              const row = expansion(report.id);
              return (
                <ExpandableRow
                  key={report.id}
                  expansion={row}
                  details={<ReportDetails report={report} />}
                >
                  <td className={tdClasses}>{formatDateTime(report.created_at)}</td>
                  <td className={tdClasses}>{report.reporter?.pseudonym ?? 'Deleted account'}</td>
                  <th scope="row" className={`${tdClasses} font-semibold`}>
                    {report.reported_user.pseudonym}
                  </th>
                  <td className={tdClasses}>{humanize(report.reason)}</td>
                  <td className={tdClasses}>{humanize(report.status)}</td>
                  <td className={tdClasses}>
                    <Button
                      variant="ghost"
                      {...row.toggle}
                      aria-label={`${row.open ? 'Hide' : 'Show'} the report against ${report.reported_user.pseudonym} from ${formatDateTime(report.created_at)}`}
                    >
                      {row.open ? 'Hide' : 'Show'}
                    </Button>
                  </td>
                </ExpandableRow>
              );
            }}
          </PagedTable>
        )}
      </QueryState>
    </TitledSection>
  );
}
