import { resourceStatsResponseSchema } from '@kindred/protocol';
import { useQuery } from '@tanstack/react-query';
import { apiJson } from '../../lib/api';
import { BarChart } from '../admin/charts/BarChart';
import { ChartFrame } from '../admin/charts/ChartFrame';
import { QueryState } from '../admin/QueryState';
import { resourcesQueryKey } from './resources-api';

const DAYS = 30;
const shortDay = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

/** Admins, in the editor: one resource's views per day over the last 30 days, with downloads. */
export function ResourceDailyStats({ resourceId }: { resourceId: string }) {
  const query = useQuery({
    queryKey: [...resourcesQueryKey, 'stats', resourceId, DAYS],
    queryFn: ({ signal }) =>
      apiJson(
        'GET',
        `/admin/resources/${encodeURIComponent(resourceId)}/stats?days=${DAYS}`,
        resourceStatsResponseSchema,
        { signal },
      ),
  });
  return (
    <QueryState query={query} loading="Counting views…">
      {(stats) => (
        <ChartFrame
          title={`Views per day, last ${DAYS} days`}
          summary={`${stats.total_views} views and ${stats.total_downloads} downloads from ${stats.from} to ${stats.to}.`}
          empty={
            stats.total_views === 0 && stats.total_downloads === 0
              ? `No views or downloads in the last ${DAYS} days.`
              : null
          }
          table={{
            columns: ['Date', 'Views', 'Downloads'],
            rows: stats.days.map((d) => ({ label: d.date, values: [d.views, d.downloads] })),
          }}
        >
          {(ids) => (
            <BarChart
              {...ids}
              labelEvery={5}
              data={stats.days.map((d) => ({ label: shortDay(d.date), value: d.views }))}
            />
          )}
        </ChartFrame>
      )}
    </QueryState>
  );
}
