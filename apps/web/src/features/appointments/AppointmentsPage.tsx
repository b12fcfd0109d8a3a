import { ButtonLink } from '../../components/ui/ButtonLink';
import { usePageTitle } from '../../lib/use-page-title';
import { useMe } from '../identity/me-query';
import { AppointmentList } from './AppointmentList';

/** /appointments: the viewer's booked sessions, upcoming and past. */
export function AppointmentsPage() {
  usePageTitle('Sessions');
  const isListener = useMe().data?.roles.includes('listener') ?? false;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-3xl">Sessions</h1>
        {isListener && (
          <ButtonLink to="/listener/availability" variant="secondary">
            My availability
          </ButtonLink>
        )}
      </div>
      {(['upcoming', 'past'] as const).map((when) => (
        <section key={when} aria-labelledby={`${when}-heading`} className="flex flex-col gap-3">
          <h2 id={`${when}-heading`} className="text-2xl">
            {when === 'upcoming' ? 'Upcoming' : 'Past'}
          </h2>
          <AppointmentList
            when={when}
            label={when === 'upcoming' ? 'Upcoming sessions' : 'Past sessions'}
          />
        </section>
      ))}
    </div>
  );
}
