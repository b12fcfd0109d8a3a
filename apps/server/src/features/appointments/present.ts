import type {
  AdminAppointment,
  Appointment,
  AppointmentChange,
  BookingAvailability,
} from '@kindred/protocol';
import type { AppointmentChangeRow, AppointmentRow, BookingAvailabilityRow } from '../../db/schema';
import { ROOM_OPENS_BEFORE_MS } from './jitsi';

/** Members may write in the chat until this long after the end. */
export const CHAT_OPEN_AFTER_END_MS = 24 * 3600_000;

export const chatClosesAt = (appointment: Pick<AppointmentRow, 'endsAt'>) =>
  new Date(appointment.endsAt.getTime() + CHAT_OPEN_AFTER_END_MS);

const FORMER_MEMBER = 'Former member';

/** Pseudonyms of the people an appointment names. */
export type Names = Map<string, string>;

const person = (id: string, names: Names) => ({ id, pseudonym: names.get(id) ?? FORMER_MEMBER });

/** Everyone an appointment and its changes name, to look their pseudonyms up at once. */
export function namedIn(rows: AppointmentRow[], changes: AppointmentChangeRow[]): string[] {
  return [
    ...rows.flatMap((r) => [r.sharerId, r.listenerId, ...(r.cancelledBy ? [r.cancelledBy] : [])]),
    ...changes.flatMap((c) => (c.actorId ? [c.actorId] : [])),
  ];
}

export function toChange(row: AppointmentChangeRow, names: Names): AppointmentChange {
  return {
    action: row.action,
    by: row.actorId ? person(row.actorId, names) : null,
    at: row.at.toISOString(),
    start: row.startsAt?.toISOString() ?? null,
    previous_start: row.previousStartsAt?.toISOString() ?? null,
    reason: row.reason,
  };
}

/** An appointment as one of its two members sees it. */
export function toAppointment(
  row: AppointmentRow,
  viewerId: string,
  names: Names,
  changes: AppointmentChangeRow[],
  lateCancelMs: number,
): Appointment {
  return {
    id: row.id,
    status: row.status,
    start: row.startsAt.toISOString(),
    end: row.endsAt.toISOString(),
    duration_minutes: row.durationMinutes,
    topic: row.topic,
    note: row.note,
    sharer: person(row.sharerId, names),
    listener: person(row.listenerId, names),
    my_role: viewerId === row.listenerId ? 'listener' : 'sharer',
    listener_time_zone: row.listenerTimeZone,
    conversation_id: row.conversationId,
    chat_open_until: chatClosesAt(row).toISOString(),
    video_available_from: new Date(row.startsAt.getTime() - ROOM_OPENS_BEFORE_MS).toISOString(),
    cancelled_by: row.cancelledBy ? person(row.cancelledBy, names) : null,
    cancel_reason: row.cancelReason,
    cancelled_at: row.cancelledAt?.toISOString() ?? null,
    late_cancel: row.lateCancel,
    late_cancel_from: new Date(row.startsAt.getTime() - lateCancelMs).toISOString(),
    sequence: row.sequence,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    history: changes.filter((c) => c.appointmentId === row.id).map((c) => toChange(c, names)),
  };
}

/** One of a user's appointments, as the team sees it from the user's page. */
export function toAdminAppointment(
  row: AppointmentRow,
  userId: string,
  names: Names,
  changes: AppointmentChangeRow[],
): AdminAppointment {
  const asListener = row.listenerId === userId;
  return {
    id: row.id,
    status: row.status,
    start: row.startsAt.toISOString(),
    end: row.endsAt.toISOString(),
    role: asListener ? 'listener' : 'sharer',
    partner: person(asListener ? row.sharerId : row.listenerId, names),
    late_cancel: row.lateCancel,
    created_at: row.createdAt.toISOString(),
    history: changes.filter((c) => c.appointmentId === row.id).map((c) => toChange(c, names)),
  };
}

/** The settings a listener who never saved any starts from. */
export const defaultSchedule = (userId: string): BookingAvailabilityRow => ({
  userId,
  timeZone: 'UTC',
  acceptsBookings: false,
  bookingsFrom: 'partners',
  rules: [],
  timeOff: [],
  durations: [50],
  bufferMinutes: 10,
  minNoticeMinutes: 720,
  horizonDays: 30,
  dailyCap: null,
  updatedAt: new Date(0),
});

export function toAvailability(
  row: BookingAvailabilityRow,
  state: { saved: boolean; bookable: boolean },
): BookingAvailability {
  return {
    time_zone: row.timeZone,
    accepts_bookings: row.acceptsBookings,
    bookings_from: row.bookingsFrom,
    rules: [...row.rules].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start)),
    time_off: row.timeOff.map((t) => ({
      start: new Date(t.start).toISOString(),
      end: new Date(t.end).toISOString(),
    })),
    durations: row.durations,
    buffer_minutes: row.bufferMinutes,
    min_notice_minutes: row.minNoticeMinutes,
    horizon_days: row.horizonDays,
    daily_cap: row.dailyCap,
    saved: state.saved,
    bookable: state.bookable,
  };
}
