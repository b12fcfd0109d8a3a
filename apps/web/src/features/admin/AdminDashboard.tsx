import {
  reportReasons,
  type AdminCharts,
  type AdminStats,
  type ReportStatus,
} from '@kindred/protocol';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { isEmptySeries } from './chart-scale';
import { BarChart } from './charts/BarChart';
import { ChartFrame } from './charts/ChartFrame';
import { StackedBarChart } from './charts/StackedBarChart';
import { adminChartsQueryOptions, adminStatsQueryOptions } from './admin-api';
import { useAdminTitle } from './AdminLayout';
import { humanize } from './admin-format';
import { QueryState } from './QueryState';

const number = new Intl.NumberFormat();

interface Card {
  label: string;
  value: string;
  /** Where to act on the number, when there is something to act on. */
  to?: string;
}

function cardsFor(stats: AdminStats): Card[] {
  return [
    { label: 'Users', value: number.format(stats.total_users), to: '/admin/users' },
    { label: 'Active chats', value: number.format(stats.active_chats) },
    { label: 'Upcoming sessions', value: number.format(stats.upcoming_appointments) },
    {
      label: 'Average rating',
      value: stats.average_rating === null ? '—' : stats.average_rating.toFixed(1),
    },
    { label: 'Listeners', value: number.format(stats.total_listeners) },
    { label: 'Available listeners', value: number.format(stats.available_listeners) },
    {
      label: 'Pending reports',
      value: number.format(stats.pending_reports),
      to: '/admin/moderation',
    },
    {
      label: 'Flagged messages',
      value: number.format(stats.flagged_messages_pending),
      to: '/admin/moderation',
    },
    {
      label: 'Pending applications',
      value: number.format(stats.pending_listener_applications),
      to: '/admin/listeners',
    },
    {
      label: 'Open support tickets',
      value: number.format(stats.open_support_tickets),
      to: '/admin/support',
    },
  ];
}

function StatCards({ stats }: { stats: AdminStats }) {
  return (
    <div className="flex flex-col gap-2">
      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        {cardsFor(stats).map((card) => (
          <li key={card.label} className="rounded-xl border border-line bg-raised p-4">
            <p className="text-3xl font-bold tabular-nums text-ink">{card.value}</p>
            <p className="text-muted">
              {card.to ? (
                <Link to={card.to} className="font-semibold text-primary-strong underline">
                  {card.label}
                </Link>
              ) : (
                card.label
              )}
            </p>
          </li>
        ))}
      </ul>
      <p className="text-sm text-muted">
        {number.format(stats.total_sharers)} sharers · {number.format(stats.total_chats_today)}{' '}
        chats today · {number.format(stats.total_chats_all_time)} chats in all
      </p>
    </div>
  );
}

/** Theme colours (CSS variables), so that the chart follows the light or dark theme. */
const statusSeries: { key: ReportStatus; label: string; color: string }[] = [
  { key: 'pending', label: 'Pending', color: 'var(--color-warning)' },
  { key: 'under_review', label: 'Under review', color: 'var(--color-primary-strong)' },
  { key: 'resolved', label: 'Resolved', color: 'var(--color-secondary-strong)' },
  { key: 'dismissed', label: 'Dismissed', color: 'var(--color-control)' },
];

const shortDate = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

/** One count per day over the last 30 days (chats started, sessions booked), with its table. */
function PerDayChart({ noun, days }: { noun: string; days: AdminCharts['chats_per_day'] }) {
  const total = days.reduce((sum, d) => sum + d.count, 0);
  const busiest = days.reduce<(typeof days)[number] | null>(
    (best, d) => (best === null || d.count > best.count ? d : best),
    null,
  );
  const title = noun.charAt(0).toUpperCase() + noun.slice(1);
  return (
    <ChartFrame
      title={`${title} per day, last 30 days`}
      summary={`${total} ${noun} in the last 30 days${
        busiest && busiest.count > 0
          ? `; the busiest day was ${shortDate(busiest.date)} with ${busiest.count}`
          : ''
      }.`}
      empty={isEmptySeries(days.map((d) => d.count)) ? `No ${noun} in the last 30 days.` : null}
      table={{
        columns: ['Date', title],
        rows: days.map((d) => ({ label: d.date, values: [d.count] })),
      }}
    >
      {(ids) => (
        <BarChart
          {...ids}
          labelEvery={5}
          data={days.map((d) => ({ label: shortDate(d.date), value: d.count }))}
        />
      )}
    </ChartFrame>
  );
}

function Charts({ charts }: { charts: AdminCharts }) {
  const ratings = charts.rating_distribution;
  const ratingCount = ratings.reduce((sum, r) => sum + r.count, 0);
  const reasons = reportReasons
    .map((reason) => ({
      label: humanize(reason),
      parts: statusSeries.map((s) => ({
        key: s.key,
        value:
          charts.reports_by_reason.find((r) => r.reason === reason && r.status === s.key)?.count ??
          0,
      })),
    }))
    .filter((row) => row.parts.some((part) => part.value > 0));
  const reportCount = charts.reports_by_reason.reduce((sum, r) => sum + r.count, 0);
  const hours = charts.listeners_available_by_hour;
  const peak = hours.reduce<(typeof hours)[number] | null>(
    (best, h) => (best === null || h.average > best.average ? h : best),
    null,
  );
  const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

  return (
    <div className="grid items-start gap-4 lg:grid-cols-2">
      <PerDayChart noun="chats" days={charts.chats_per_day} />
      <PerDayChart noun="booked sessions" days={charts.appointments_per_day} />
      <ChartFrame
        title="Rating distribution"
        summary={`${ratingCount} ratings: ${ratings
          .map((r) => `${r.count} of ${r.rating} stars`)
          .join(', ')}.`}
        empty={isEmptySeries(ratings.map((r) => r.count)) ? 'No ratings yet.' : null}
        table={{
          columns: ['Stars', 'Ratings'],
          rows: ratings.map((r) => ({ label: `${r.rating} ★`, values: [r.count] })),
        }}
      >
        {(ids) => (
          <BarChart
            {...ids}
            data={ratings.map((r) => ({ label: `${r.rating} ★`, value: r.count }))}
          />
        )}
      </ChartFrame>
      <ChartFrame
        title="Reports by reason and status"
        summary={`${reportCount} reports: ${reasons
          .map((row) => `${row.label} ${row.parts.reduce((sum, p) => sum + p.value, 0)}`)
          .join(', ')}.`}
        empty={reportCount === 0 ? 'No reports yet.' : null}
        table={{
          columns: ['Reason', ...statusSeries.map((s) => s.label)],
          rows: reasons.map((row) => ({ label: row.label, values: row.parts.map((p) => p.value) })),
        }}
      >
        {(ids) => <StackedBarChart {...ids} rows={reasons} series={statusSeries} />}
      </ChartFrame>
      <ChartFrame
        title="Listeners available by hour (UTC, last 7 days)"
        summary={
          peak && peak.average > 0
            ? `Most listeners are available at ${hourLabel(peak.hour)} UTC, ${peak.average.toFixed(1)} on average.`
            : 'No listeners were available in the last 7 days.'
        }
        empty={
          isEmptySeries(hours.map((h) => h.average))
            ? 'No listener availability in the last 7 days.'
            : null
        }
        table={{
          columns: ['Hour (UTC)', 'Average available'],
          rows: hours.map((h) => ({ label: hourLabel(h.hour), values: [h.average.toFixed(1)] })),
        }}
      >
        {(ids) => (
          <BarChart
            {...ids}
            labelEvery={3}
            integer={false}
            format={(value) => (Number.isInteger(value) ? String(value) : value.toFixed(1))}
            data={hours.map((h) => ({ label: hourLabel(h.hour), value: h.average }))}
          />
        )}
      </ChartFrame>
    </div>
  );
}

/** /admin: the platform at a glance, then its trends. */
export function AdminDashboard() {
  useAdminTitle('Dashboard');
  const stats = useQuery(adminStatsQueryOptions);
  const charts = useQuery(adminChartsQueryOptions);
  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="admin-stats-heading" className="flex flex-col gap-3">
        <h2 id="admin-stats-heading" className="text-2xl">
          Platform statistics
        </h2>
        <QueryState query={stats} loading="Loading statistics…">
          {(data) => <StatCards stats={data} />}
        </QueryState>
      </section>
      <section aria-labelledby="admin-charts-heading" className="flex flex-col gap-3">
        <h2 id="admin-charts-heading" className="text-2xl">
          Trends
        </h2>
        <QueryState query={charts} loading="Loading charts…">
          {(data) => <Charts charts={data} />}
        </QueryState>
      </section>
    </div>
  );
}
