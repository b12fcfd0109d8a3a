import { appointmentLimits, type Appointment, type Slot } from '@kindred/protocol';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog, Dialog, DialogActions, DialogError } from '../../components/ui/Dialog';
import { TextAreaField } from '../../components/ui/TextAreaField';
import { showToast } from '../../components/ui/toast-store';
import { useAsyncAction } from '../../lib/use-async-action';
import {
  cancelAppointment,
  rescheduleAppointment,
  useRefreshAppointments,
} from './appointments-api';
import { SlotPicker } from './SlotPicker';
import { formatDay, formatRange, formatTime, zoneLabel } from './time-format';

interface DialogProps {
  appointment: Appointment;
  zone: string;
  open: boolean;
  onClose: () => void;
}

/** Move the appointment to another free time of the listener. */
export function RescheduleDialog({ appointment, zone, open, onClose }: DialogProps) {
  const [slot, setSlot] = useState<Slot | null>(null);
  const action = useAsyncAction();
  const refresh = useRefreshAppointments();
  const close = () => {
    setSlot(null);
    action.setError(null);
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title="Reschedule the session">
      <p>
        Now: {formatRange(appointment.start, appointment.end, zone)}. The current time is only given
        up once the new one is yours.
      </p>
      <SlotPicker
        listenerId={appointment.listener.id}
        zone={zone}
        selected={slot}
        onSelect={setSlot}
      />
      <DialogError error={action.error} />
      <DialogActions onCancel={close}>
        <Button
          disabled={!slot}
          busy={action.busy}
          onClick={() =>
            void action.run(async () => {
              if (!slot) return;
              await rescheduleAppointment(appointment.id, slot.start, slot.duration_minutes);
              refresh();
              showToast('The session was moved', 'success');
              close();
            })
          }
        >
          {slot ? `Move to ${formatTime(slot.start, zone)}` : 'Choose a new time'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Cancel, with an optional reason; warns when the cancel will be recorded as late. */
export function CancelDialog({
  appointment,
  zone,
  open,
  onClose,
  now,
}: DialogProps & { now: number }) {
  const [reason, setReason] = useState('');
  const action = useAsyncAction();
  const refresh = useRefreshAppointments();
  const late = now >= Date.parse(appointment.late_cancel_from);
  return (
    <ConfirmDialog
      open={open}
      onClose={onClose}
      title="Cancel the session?"
      error={action.error}
      cancelLabel="Keep it"
      confirm={{
        label: 'Cancel the session',
        busy: action.busy,
        onClick: () =>
          void action.run(async () => {
            await cancelAppointment(appointment.id, reason);
            refresh();
            showToast('The session was cancelled', 'success');
            onClose();
          }),
      }}
    >
      <p>{formatRange(appointment.start, appointment.end, zone)}. The other person is told.</p>
      {late && (
        <p
          role="note"
          className="rounded-lg border-2 border-warning bg-warning-soft p-3 text-warning-text"
        >
          This cancel will be recorded as late: cancels from{' '}
          {formatDay(appointment.late_cancel_from, zone)},{' '}
          {formatTime(appointment.late_cancel_from, zone)}{' '}
          {zoneLabel(zone, appointment.late_cancel_from)} on are.
        </p>
      )}
      <TextAreaField
        label="Reason (optional, the other person sees it)"
        value={reason}
        maxLength={appointmentLimits.reasonMax}
        onChange={(event) => setReason(event.target.value)}
      />
    </ConfirmDialog>
  );
}
