/**
 * Booked sessions as the product makes them: a listener saves their availability, a sharer books
 * one of the free slots, both through the API.
 */
import type { Appointment, UpdateBookingAvailabilityBody } from '@kindred/protocol';
import type { KindredApp } from '../src/app';
import { callApi, type SignedInUser, signUp } from './factories';

/** Weekly ranges: the same hours on every day of the week. */
export const everyDay = (start: string, end: string) =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }));

/** A London listener taking 30- and 50-minute bookings from anyone, 09:00–17:00 every day. */
export const londonDays: UpdateBookingAvailabilityBody = {
  time_zone: 'Europe/London',
  accepts_bookings: true,
  bookings_from: 'anyone',
  rules: everyDay('09:00', '17:00'),
  time_off: [],
  durations: [30, 50],
  buffer_minutes: 10,
  min_notice_minutes: 120,
  horizon_days: 14,
  daily_cap: null,
};

/** Answers the call, or throws with the response when its status is not the expected one. */
export async function expectOk<T = unknown>(
  response: ReturnType<typeof callApi>,
  status: number,
  what: string,
): Promise<T> {
  const answered = await response;
  if (answered.statusCode !== status) {
    throw new Error(`${what}: ${answered.statusCode} ${answered.body}`);
  }
  return answered.json() as T;
}

/** An approved listener whose booking settings are saved (London days unless overridden). */
export async function bookableListener(
  app: KindredApp,
  settings: Partial<UpdateBookingAvailabilityBody> = {},
  listener?: SignedInUser,
): Promise<SignedInUser> {
  const who = listener ?? (await signUp(app, { roles: ['listener'] }));
  await expectOk(
    callApi(app, who, 'PUT', '/listeners/me/availability', { ...londonDays, ...settings }),
    200,
    'save availability',
  );
  return who;
}

/** Books `start` (an ISO instant) with the listener; the created appointment. */
export async function book(
  app: KindredApp,
  sharer: SignedInUser,
  listener: SignedInUser,
  start: string,
  options: { duration?: number; topic?: string; note?: string } = {},
): Promise<Appointment> {
  const body = await expectOk<{ appointment: Appointment }>(
    callApi(app, sharer, 'POST', '/appointments', {
      listener_id: listener.id,
      start,
      duration_minutes: options.duration ?? 50,
      topic: options.topic ?? 'Feeling low after work',
      ...(options.note === undefined ? {} : { note: options.note }),
    }),
    201,
    'book',
  );
  return body.appointment;
}
