import { appointmentLimits, publicProfileSchema, type Slot } from '@kindred/protocol';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Form, FormSubmit } from '../../components/ui/Form';
import { TextAreaField } from '../../components/ui/TextAreaField';
import { TextField } from '../../components/ui/TextField';
import { showToast } from '../../components/ui/toast-store';
import { getJson } from '../../lib/api';
import { useAsyncAction } from '../../lib/use-async-action';
import { usePageTitle } from '../../lib/use-page-title';
import { useMe } from '../identity/me-query';
import { bookAppointment, useRefreshAppointments } from './appointments-api';
import { SlotPicker } from './SlotPicker';
import { formatRange, viewerTimeZone } from './time-format';

/** /listeners/:id/book: pick a day and a free time of the listener, say what about, confirm. */
export function BookPage() {
  const { id = '' } = useParams();
  usePageTitle('Book a session');
  const zone = viewerTimeZone(useMe().data?.time_zone);
  const listener = useQuery({
    queryKey: ['user', id],
    queryFn: getJson(`/users/${id}`, publicProfileSchema),
  }).data;
  const navigate = useNavigate();
  const refresh = useRefreshAppointments();
  const [slot, setSlot] = useState<Slot | null>(null);
  const [topic, setTopic] = useState('');
  const [note, setNote] = useState('');
  const [topicError, setTopicError] = useState<string | undefined>();
  const action = useAsyncAction();

  async function confirm() {
    if (!slot) return;
    if (!topic.trim()) {
      setTopicError('Say in a few words what you would like to talk about');
      return;
    }
    setTopicError(undefined);
    await action.run(async () => {
      const { appointment } = await bookAppointment({
        listener_id: id,
        start: slot.start,
        duration_minutes: slot.duration_minutes,
        topic: topic.trim(),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      refresh();
      showToast('Your session is booked', 'success');
      void navigate(`/appointments/${appointment.id}`);
    });
  }

  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl">Book a session{listener ? ` with ${listener.pseudonym}` : ''}</h1>
      <SlotPicker listenerId={id} zone={zone} selected={slot} onSelect={setSlot} />
      {slot && (
        <Form
          aria-label="Confirm the booking"
          className="flex max-w-xl flex-col gap-4 rounded-xl border border-line bg-raised p-4"
          onSubmit={confirm}
        >
          <p>
            <strong>{formatRange(slot.start, slot.end, zone)}</strong>
          </p>
          <TextField
            label="What would you like to talk about?"
            value={topic}
            maxLength={appointmentLimits.topicMax}
            error={topicError}
            onChange={(event) => setTopic(event.target.value)}
          />
          <TextAreaField
            label="A note for the listener (optional)"
            value={note}
            maxLength={appointmentLimits.noteMax}
            onChange={(event) => setNote(event.target.value)}
          />
          <FormSubmit error={action.error} busy={action.busy}>
            Confirm booking
          </FormSubmit>
        </Form>
      )}
    </div>
  );
}
