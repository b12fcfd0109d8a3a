import type { Appointment } from '@kindred/protocol';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button } from '../../components/ui/Button';
import { LoadingState } from '../../components/ui/Spinner';
import { useAsyncAction } from '../../lib/use-async-action';
import { usePageTitle } from '../../lib/use-page-title';
import { QueryState } from '../admin/QueryState';
import { ChatView } from '../conversations/ChatView';
import { useMe } from '../identity/me-query';
import { appointmentQueryOptions, downloadCalendar } from './appointments-api';
import { CancelDialog, RescheduleDialog } from './AppointmentDialogs';
import { partnerOf, statusLabel } from './AppointmentList';
import { countdown, formatRange, viewerTimeZone } from './time-format';
import { VideoRoom } from './VideoRoom';
import { FormAlert } from '../../components/ui/FormAlert';

/** The current time, refreshed every 15 seconds (the countdown, the video button). */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

function Details({ appointment, zone }: { appointment: Appointment; zone: string }) {
  const now = useNow();
  const [dialog, setDialog] = useState<'reschedule' | 'cancel' | null>(null);
  const calendar = useAsyncAction();
  const left = countdown(appointment.start, now);
  const scheduled = appointment.status === 'scheduled';
  const partner = partnerOf(appointment);

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <p>
          <Link to="/appointments">All sessions</Link>
        </p>
        <h1 className="text-3xl">Session with {partner.pseudonym}</h1>
        <p className="text-lg font-semibold" data-testid="appointment-time">
          {formatRange(appointment.start, appointment.end, zone)}
        </p>
        <p>
          Status: {statusLabel[appointment.status]}
          {scheduled && left && <> · starts in {left}</>}
        </p>
        {appointment.status === 'cancelled' && (
          <p>
            Cancelled by {appointment.cancelled_by?.pseudonym ?? 'Kindred'}
            {appointment.late_cancel ? ' (late)' : ''}
            {appointment.cancel_reason ? `: “${appointment.cancel_reason}”` : '.'}
          </p>
        )}
      </div>
      <dl className="flex flex-col gap-1">
        <dt className="font-semibold">Topic</dt>
        <dd>{appointment.topic}</dd>
        {appointment.note && (
          <>
            <dt className="font-semibold">Note</dt>
            <dd className="whitespace-pre-wrap">{appointment.note}</dd>
          </>
        )}
      </dl>
      <div className="flex flex-wrap gap-2">
        <Button
          variant="secondary"
          busy={calendar.busy}
          onClick={() => void calendar.run(() => downloadCalendar(appointment.id))}
        >
          Add to calendar (.ics)
        </Button>
        {scheduled && (
          <>
            <Button variant="secondary" onClick={() => setDialog('reschedule')}>
              Reschedule
            </Button>
            <Button variant="danger" onClick={() => setDialog('cancel')}>
              Cancel session
            </Button>
          </>
        )}
      </div>
      <FormAlert message={calendar.error} />
      <VideoRoom appointment={appointment} now={now} zone={zone} />
      <RescheduleDialog
        appointment={appointment}
        zone={zone}
        open={dialog === 'reschedule'}
        onClose={() => setDialog(null)}
      />
      <CancelDialog
        appointment={appointment}
        zone={zone}
        now={now}
        open={dialog === 'cancel'}
        onClose={() => setDialog(null)}
      />
    </div>
  );
}

/** /appointments/:id: when (counting down), what about, the video room, the chat beside it. */
export function AppointmentPage() {
  const { id = '' } = useParams();
  usePageTitle('Session');
  const me = useMe().data;
  const zone = viewerTimeZone(me?.time_zone);
  const query = useQuery(appointmentQueryOptions(id));
  if (!me) return <LoadingState label="Loading the session…" />;
  return (
    <QueryState query={query} loading="Loading the session…">
      {(appointment) => (
        <div className="grid gap-6 lg:grid-cols-2">
          <Details appointment={appointment} zone={zone} />
          {appointment.conversation_id && (
            <section aria-label="Chat" className="flex h-[36rem] min-h-0 flex-col">
              <ChatView
                sessionId={appointment.conversation_id}
                direct
                headerActions={<></>}
                emptyText="Messages you write here stay beside the session until a day after it."
              />
            </section>
          )}
        </div>
      )}
    </QueryState>
  );
}
