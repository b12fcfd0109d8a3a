import {
  appointmentResponseSchema,
  appointmentsResponseSchema,
  bookingAvailabilitySchema,
  jitsiRoomResponseSchema,
  slotsResponseSchema,
  type CreateAppointmentBody,
  type UpdateBookingAvailabilityBody,
} from '@kindred/protocol';
import { queryOptions, useQueryClient } from '@tanstack/react-query';
import { apiDownload, apiJson, getJson } from '../../lib/api';
import { saveFile } from '../../lib/save-file';

export const appointmentsQueryKey = ['appointments'] as const;

export const availabilityQueryOptions = queryOptions({
  queryKey: ['booking-availability'],
  queryFn: getJson('/listeners/me/availability', bookingAvailabilitySchema),
});

export const saveAvailability = (body: UpdateBookingAvailabilityBody) =>
  apiJson('PUT', '/listeners/me/availability', bookingAvailabilitySchema, { body });

/** The listener's free slots for the next `days` days, each also in the viewer's zone. */
export const slotsQueryOptions = (listenerId: string, zone: string, days: number) =>
  queryOptions({
    queryKey: ['listener-slots', listenerId, zone, days],
    queryFn: ({ signal }) => {
      const from = new Date();
      const to = new Date(from.getTime() + days * 86_400_000);
      const query = new URLSearchParams({
        from: from.toISOString(),
        to: to.toISOString(),
        time_zone: zone,
      });
      return apiJson('GET', `/listeners/${listenerId}/slots?${query}`, slotsResponseSchema, {
        signal,
      });
    },
  });

/** Upcoming (soonest first) or past (latest first) appointments of the viewer. */
export const appointmentsQueryOptions = (when: 'upcoming' | 'past', limit = 20) =>
  queryOptions({
    queryKey: [...appointmentsQueryKey, when, limit],
    queryFn: ({ signal }) => {
      const now = new Date().toISOString();
      const query = new URLSearchParams(
        when === 'upcoming'
          ? { from: now, order: 'asc', limit: String(limit) }
          : { to: now, order: 'desc', limit: String(limit) },
      );
      return apiJson('GET', `/appointments?${query}`, appointmentsResponseSchema, { signal });
    },
  });

export const appointmentQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...appointmentsQueryKey, 'one', id],
    queryFn: ({ signal }) =>
      apiJson('GET', `/appointments/${id}`, appointmentResponseSchema, { signal }),
    select: (data) => data.appointment,
  });

export const roomQueryOptions = (appointmentId: string) =>
  queryOptions({
    queryKey: ['jitsi-room', appointmentId],
    queryFn: ({ signal }) =>
      apiJson('GET', `/jitsi/room/${appointmentId}`, jitsiRoomResponseSchema, { signal }),
    select: (data) => data.room,
  });

export const bookAppointment = (body: CreateAppointmentBody) =>
  apiJson('POST', '/appointments', appointmentResponseSchema, { body });

export const rescheduleAppointment = (id: string, start: string, duration: number) =>
  apiJson('POST', `/appointments/${id}/reschedule`, appointmentResponseSchema, {
    body: { start, duration_minutes: duration },
  });

export const cancelAppointment = (id: string, reason: string) =>
  apiJson('DELETE', `/appointments/${id}`, appointmentResponseSchema, {
    body: reason.trim() ? { reason: reason.trim() } : {},
  });

export const openRoom = (appointmentId: string) =>
  apiJson('POST', '/jitsi/create-room', jitsiRoomResponseSchema, {
    body: { appointment_id: appointmentId },
  });

/** Saves the appointment's calendar file (.ics). */
export async function downloadCalendar(id: string): Promise<void> {
  const { blob, filename } = await apiDownload(
    `/appointments/${id}/calendar.ics`,
    'kindred-session.ics',
  );
  saveFile(blob, filename);
}

/** Refetches every appointment list and page after a change. */
export function useRefreshAppointments() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: appointmentsQueryKey });
    void queryClient.invalidateQueries({ queryKey: ['listener-slots'] });
  };
}
