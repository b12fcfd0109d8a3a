import { createEvent, type EventAttributes } from 'ics';
import type { AppointmentRow } from '../../db/schema';

export interface CalendarOptions {
  /** The address people use (links in the event). */
  publicUrl: string;
  /** The sender of Kindred's e-mail, `Name <address>` or an address: the event's organiser. */
  mailFrom: string;
  now: Date;
}

/** The in-app path of an appointment. */
export const appointmentPath = (id: string) => `/appointments/${id}`;

/** The address part of `Kindred <no-reply@kindred.local>`. */
function organiser(mailFrom: string): { name: string; email: string } {
  const match = /<([^>]+)>/.exec(mailFrom);
  return { name: 'Kindred', email: (match?.[1] ?? mailFrom).trim() };
}

/**
 * The appointment as an iCalendar file (`ics`). Its UID stays the same for the life of the
 * appointment and its SEQUENCE rises with every change of time or status, so a calendar that
 * imported it updates the one event; a cancelled appointment is `METHOD:CANCEL`. Discreet like
 * the e-mail it travels with: no names, no topic, only "Kindred session" and a link.
 */
export function calendarFile(appointment: AppointmentRow, options: CalendarOptions): string {
  const cancelled = appointment.status === 'cancelled';
  const url = `${options.publicUrl}${appointmentPath(appointment.id)}`;
  const host = new URL(options.publicUrl).hostname || 'kindred';
  const attributes: EventAttributes & { timestamp: number } = {
    productId: 'kindred/appointments',
    method: cancelled ? 'CANCEL' : 'PUBLISH',
    uid: `appointment-${appointment.id}@${host}`,
    sequence: appointment.sequence,
    timestamp: options.now.getTime(),
    start: appointment.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: appointment.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: 'Kindred session',
    description: cancelled
      ? `This session on Kindred was cancelled. ${url}`
      : `Your session on Kindred. Open it to join the video call and the chat: ${url}`,
    url,
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    organizer: organiser(options.mailFrom),
    calName: 'Kindred',
  };
  // DTSTAMP from the app's clock (`timestamp`: accepted by ics, missing from its types).
  const { error, value } = createEvent(attributes);
  if (error || !value) throw error ?? new Error('the calendar file could not be made');
  return value;
}
