import { lazy, Suspense, type ReactNode } from 'react';
import { ButtonLink } from '../components/ui/ButtonLink';
import { ActiveChatBanner } from '../features/listening/ActiveChatBanner';
import { FirstRunGuide } from '../features/identity/FirstRunGuide';
import { useMe } from '../features/identity/me-query';
import { VerifyEmailBanner } from '../features/identity/VerifyEmailBanner';
import { useFirstFrameDrawn } from '../lib/first-frame';
import { usePageTitle } from '../lib/use-page-title';
import { PageHeader } from '../components/ui/PageHeader';

// Only listeners see it: sharers' dashboards do not download it.
const AvailabilityToggle = lazy(() =>
  import('../features/listening/AvailabilityToggle').then((m) => ({
    default: m.AvailabilityToggle,
  })),
);

const UpcomingSessions = lazy(() =>
  import('../features/appointments/AppointmentList').then((m) => ({
    default: () => <m.AppointmentList when="upcoming" limit={3} label="Upcoming sessions" />,
  })),
);

// Below the cards: drawn a frame after them, so that the first screen does not wait for it.
const RecommendedResources = lazy(() =>
  import('../features/resources/RecommendedResources').then((m) => ({
    default: m.RecommendedResources,
  })),
);

function DashboardCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col items-start gap-3 rounded-xl border border-line bg-raised p-4 sm:p-6">
      <h2 className="text-2xl">{title}</h2>
      {children}
    </section>
  );
}

/** /dashboard: the signed-in home, with a way in for each of the user's roles. */
export function DashboardPage() {
  usePageTitle('Dashboard');
  const { data: me } = useMe();
  const drawn = useFirstFrameDrawn();
  if (!me) return null;
  const isSharer = me.roles.includes('sharer');
  const isListener = me.roles.includes('listener');

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={`Welcome, ${me.pseudonym}`}>What would you like to do today?</PageHeader>
      <ActiveChatBanner />
      <VerifyEmailBanner me={me} />
      <FirstRunGuide me={me} />
      <DashboardCard title="Upcoming sessions">
        <Suspense fallback={null}>
          <UpcomingSessions />
        </Suspense>
        <ButtonLink to="/appointments" variant="secondary">
          All sessions
        </ButtonLink>
      </DashboardCard>
      <div className="grid gap-6 md:grid-cols-2">
        {isSharer && (
          <DashboardCard title="Need someone to listen?">
            <p>
              One tap with Talk now asks a volunteer listener who is free right now, or you can
              choose someone yourself. You stay anonymous.
            </p>
            <ButtonLink to="/sharer/find-listener">Talk to someone</ButtonLink>
          </DashboardCard>
        )}
        {!isListener && (
          <DashboardCard title="Want to be a listener?">
            <p>
              Volunteer listeners give a little time to hear people out. Read the guidelines and
              apply; the team reviews every application.
            </p>
            <ButtonLink to="/listener/apply" variant="secondary">
              Become a listener
            </ButtonLink>
          </DashboardCard>
        )}
        {isListener && (
          <DashboardCard title="Ready to listen?">
            <Suspense fallback={<div className="min-h-11" />}>
              <AvailabilityToggle availability={me.listener_availability} />
            </Suspense>
            <ButtonLink to="/listener/queue" variant="secondary">
              Listen to someone
            </ButtonLink>
          </DashboardCard>
        )}
      </div>
      {drawn && (
        <Suspense fallback={null}>
          <RecommendedResources />
        </Suspense>
      )}
    </div>
  );
}
