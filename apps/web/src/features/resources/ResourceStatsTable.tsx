import { resourcesStatsResponseSchema } from '@kindred/protocol';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { getJson } from '../../lib/api';
import { QueryState, tableClasses, tdClasses, thClasses } from '../admin/QueryState';
import { typeInfo } from './format';
import { resourcesQueryKey } from './resources-api';
import { StatusBadge } from './StatusBadge';
import { Options } from '../../components/ui/SelectField';

const periods = [7, 30, 90] as const;
/** The table's columns; numbers are aligned right. */
const columns = [
  { name: 'Resource', numeric: false },
  { name: 'Status', numeric: false },
  { name: 'Views', numeric: true },
  { name: 'Downloads', numeric: true },
];

/** Admins: every resource's views and downloads over a period, most viewed first. */
export function ResourceStatsTable() {
  const id = useId();
  const [days, setDays] = useState<(typeof periods)[number]>(30);
  const query = useQuery({
    queryKey: [...resourcesQueryKey, 'stats', days],
    queryFn: getJson(`/admin/resources/stats?days=${days}`, resourcesStatsResponseSchema),
  });
  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id={`${id}-title`} className="text-2xl">
          Views and downloads
        </h2>
        <div className="flex items-center gap-2">
          <label htmlFor={`${id}-days`} className="font-semibold">
            Period
          </label>
          <select
            id={`${id}-days`}
            value={days}
            onChange={(event) => setDays(Number(event.target.value) as (typeof periods)[number])}
            className="min-h-11 rounded-lg border border-control bg-raised px-3 text-ink"
          >
            <Options values={periods} label={(period) => `Last ${period} days`} />
          </select>
        </div>
      </div>
      <QueryState query={query} loading="Counting…">
        {(stats) =>
          stats.resources.length === 0 ? (
            <p className="text-muted">No resources yet.</p>
          ) : (
            <div className="overflow-x-auto rounded-xl border border-line bg-raised">
              <table className={tableClasses}>
                <caption className="sr-only">
                  Views and downloads per resource from {stats.from} to {stats.to}
                </caption>
                <thead>
                  <tr>
                    {columns.map(({ name, numeric }) => (
                      <th
                        key={name}
                        scope="col"
                        className={numeric ? `${thClasses} text-right` : thClasses}
                      >
                        {name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {stats.resources.map((row) => (
                    <tr key={row.id}>
                      <th scope="row" className={`${tdClasses} font-normal`}>
                        <span className="text-muted">{typeInfo[row.type].label} · </span>
                        <Link
                          to={`/library/${row.id}/edit`}
                          className="font-semibold text-primary-strong underline"
                        >
                          {row.title}
                        </Link>
                      </th>
                      <td className={tdClasses}>
                        <StatusBadge status={row.status} />
                      </td>
                      <td className={`${tdClasses} text-right tabular-nums`}>{row.views}</td>
                      <td className={`${tdClasses} text-right tabular-nums`}>{row.downloads}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </section>
  );
}
