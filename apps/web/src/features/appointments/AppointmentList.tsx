import type { Appointment, AppointmentStatus } from '@kindred/protocol';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ListStates } from '../../components/ui/ListStates';
import { useMe } from '../identity/me-query';
import { appointmentsQueryOptions } from './appointments-api';
import { formatRange, viewerTimeZone } from './time-format';

export const statusLabel: Record<AppointmentStatus, string> = {
  scheduled: 'Scheduled',
  cancelled: 'Cancelled',
  completed: 'Held',
  no_show: 'Missed',
};

/** The other member of an appointment. */
export const partnerOf = (appointment: Appointment) =>
  appointment.my_role === 'sharer' ? appointment.listener : appointment.sharer;

/** The viewer's upcoming or past appointments, each a link to its page. */
export function AppointmentList({
  when,
  limit,
  label,
}: {
  when: 'upcoming' | 'past';
  limit?: number;
  label: string;
}) {
  const zone = viewerTimeZone(useMe().data?.time_zone);
  const query = useQuery(appointmentsQueryOptions(when, limit));
  const appointments = query.data?.appointments ?? [];
  return (
    <ListStates
      query={query}
      loading="Loading your sessions…"
      isEmpty={appointments.length === 0}
      empty={
        <p className="text-muted">
          {when === 'upcoming' ? 'No sessions booked.' : 'No past sessions yet.'}
        </p>
      }
      listLabel={label}
      listClassName="flex w-full flex-col gap-2"
    >
      {appointments.map((appointment) => (
        <li key={appointment.id} className="rounded-lg border border-line bg-raised p-3">
          <Link to={`/appointments/${appointment.id}`} className="font-semibold">
            {formatRange(appointment.start, appointment.end, zone)}
          </Link>
          <p className="text-sm text-muted">
            With {partnerOf(appointment).pseudonym} · {appointment.topic} ·{' '}
            {statusLabel[appointment.status]}
          </p>
        </li>
      ))}
    </ListStates>
  );
}
