// Appointments: scheduled sessions between a sharer and a listener, with the listener's weekly
// availability, free slots, booking, rescheduling, cancelling, a calendar file and a video room.
// (The counselling contract calls them "sessions"; here a session is a listening chat, so these are
// appointments.)
import { z } from 'zod';
import { uuidParams } from './schema-builders';

export const appointmentStatuses = ['scheduled', 'cancelled', 'completed', 'no_show'] as const;
export const appointmentStatusSchema = z.enum(appointmentStatuses);
export type AppointmentStatus = z.infer<typeof appointmentStatusSchema>;

/** Limits of a listener's availability, shared by the server and the editor. */
export const appointmentLimits = {
  rulesMax: 50,
  timeOffMax: 100,
  durationsMax: 6,
  durationMin: 15,
  durationMax: 240,
  bufferMax: 120,
  /** 30 days. */
  minNoticeMax: 43_200,
  horizonMax: 365,
  dailyCapMax: 24,
  topicMax: 200,
  noteMax: 1000,
  reasonMax: 500,
  /** The widest range of free slots asked for at once. */
  slotsRangeMaxDays: 42,
} as const;

/** True for an IANA time zone name the runtime knows (`Europe/London`, `America/New_York`). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone such as `Europe/London`. */
export const timeZoneSchema = z
  .string()
  .trim()
  .min(1, 'Choose a time zone such as Europe/London')
  .max(64, 'Choose a time zone such as Europe/London')
  .refine(isTimeZone, 'Choose a time zone such as Europe/London');

/** A wall-clock time, `HH:MM` (24-hour); `24:00` is the end of the day. */
export const wallClockSchema = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Use the 24-hour form HH:MM, e.g. 18:30');

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** One weekly range: on `weekday` (Monday = 1 … Sunday = 7) from `start` to `end`, local time. */
export const availabilityRuleSchema = z
  .strictObject({
    weekday: z.number().int().min(1, 'Weekdays are 1 (Monday) to 7 (Sunday)').max(7),
    start: wallClockSchema,
    end: wallClockSchema,
  })
  .refine((r) => r.start !== '24:00', { path: ['start'], message: 'A range cannot start at 24:00' })
  .refine((r) => minutesOf(r.end) > minutesOf(r.start), {
    path: ['end'],
    message: 'The end must be after the start',
  });
export type AvailabilityRule = z.infer<typeof availabilityRuleSchema>;

const instant = z.iso.datetime({ offset: true, message: 'Use an ISO 8601 date and time' });

/** Time off: no bookings between these two instants. */
export const timeOffSchema = z
  .strictObject({ start: instant, end: instant })
  .refine((t) => Date.parse(t.end) > Date.parse(t.start), {
    path: ['end'],
    message: 'The end must be after the start',
  });
export type TimeOff = z.infer<typeof timeOffSchema>;

/**
 * Who may book: `partners` — people who had a listening session with the listener in the last
 * 30 days (the same rule as message requests); `anyone` signed in.
 */
export const bookingsFromSchema = z.enum(['partners', 'anyone']);
export type BookingsFrom = z.infer<typeof bookingsFromSchema>;

const minutes = (label: string, max: number) =>
  z
    .number()
    .int(`${label} must be whole minutes`)
    .min(0, `${label} cannot be negative`)
    .max(max, `${label} can be at most ${max}`);

/** PUT /listeners/me/availability: the whole setting, replaced. */
export const updateBookingAvailabilityBodySchema = z.strictObject({
  time_zone: timeZoneSchema,
  accepts_bookings: z.boolean(),
  bookings_from: bookingsFromSchema.default('partners'),
  rules: z.array(availabilityRuleSchema).max(appointmentLimits.rulesMax),
  time_off: z.array(timeOffSchema).max(appointmentLimits.timeOffMax).default([]),
  durations: z
    .array(
      z
        .number()
        .int('Session lengths are whole minutes')
        .min(
          appointmentLimits.durationMin,
          `Sessions last at least ${appointmentLimits.durationMin} minutes`,
        )
        .max(
          appointmentLimits.durationMax,
          `Sessions last at most ${appointmentLimits.durationMax} minutes`,
        ),
    )
    .min(1, 'Offer at least one session length')
    .max(appointmentLimits.durationsMax)
    .refine((d) => new Set(d).size === d.length, 'Each session length once')
    .default([50]),
  buffer_minutes: minutes('The buffer', appointmentLimits.bufferMax).default(10),
  min_notice_minutes: minutes('The minimum notice', appointmentLimits.minNoticeMax).default(720),
  horizon_days: z
    .number()
    .int('The horizon is whole days')
    .min(1, 'The horizon is at least one day')
    .max(appointmentLimits.horizonMax)
    .default(30),
  /** At most this many sessions a day (in the listener's zone); null: no cap. */
  daily_cap: z.number().int().min(1).max(appointmentLimits.dailyCapMax).nullable().default(null),
});
export type UpdateBookingAvailabilityBody = z.input<typeof updateBookingAvailabilityBodySchema>;

/** GET|PUT /listeners/me/availability: the listener's booking settings. */
export const bookingAvailabilitySchema = z.object({
  time_zone: z.string(),
  accepts_bookings: z.boolean(),
  bookings_from: bookingsFromSchema,
  rules: z.array(z.object({ weekday: z.number().int(), start: z.string(), end: z.string() })),
  time_off: z.array(z.object({ start: z.iso.datetime(), end: z.iso.datetime() })),
  durations: z.array(z.number().int()),
  buffer_minutes: z.number().int(),
  min_notice_minutes: z.number().int(),
  horizon_days: z.number().int(),
  daily_cap: z.number().int().nullable(),
  /** False until the listener has saved a setting (the defaults are shown). */
  saved: z.boolean(),
  /** Whether sharers can book now: approved, opted in, and at least one weekly range. */
  bookable: z.boolean(),
});
export type BookingAvailability = z.infer<typeof bookingAvailabilitySchema>;

// ── GET /listeners/:id/slots ───────────────────────────────────────────────────────────────────

export const listenerSlotsParamsSchema = uuidParams('id', 'The listener id must be a UUID');

export const slotsQuerySchema = z
  .strictObject({
    from: instant,
    to: instant,
    /** Only slots of this length. */
    duration: z.coerce.number().int().min(1).max(appointmentLimits.durationMax).optional(),
    /** The viewer's zone: each slot then also says its local date and times there. */
    time_zone: timeZoneSchema.optional(),
  })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), {
    path: ['to'],
    message: '`to` must be after `from`',
  })
  .refine(
    (q) =>
      Date.parse(q.to) - Date.parse(q.from) <= appointmentLimits.slotsRangeMaxDays * 86_400_000,
    {
      path: ['to'],
      message: `Ask for at most ${appointmentLimits.slotsRangeMaxDays} days at once`,
    },
  );
export type SlotsQuery = z.input<typeof slotsQuerySchema>;

export const slotSchema = z.object({
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  duration_minutes: z.number().int(),
  /** With `time_zone`: the slot in the viewer's zone (`2026-03-17`, `14:00`, `14:50`). */
  local_date: z.string().optional(),
  local_start: z.string().optional(),
  local_end: z.string().optional(),
});
export type Slot = z.infer<typeof slotSchema>;

export const slotsResponseSchema = z.object({
  /** The listener's zone, in which the weekly rules are kept. */
  time_zone: z.string(),
  /** The zone of `local_*`, when asked for. */
  viewer_time_zone: z.string().nullable(),
  durations: z.array(z.number().int()),
  slots: z.array(slotSchema),
});
export type SlotsResponse = z.infer<typeof slotsResponseSchema>;

// ── Appointments ───────────────────────────────────────────────────────────────────────────────

const personSchema = z.object({ id: z.uuid(), pseudonym: z.string() });

export const appointmentActions = [
  'booked',
  'rescheduled',
  'updated',
  'cancelled',
  'completed',
  'no_show',
] as const;

/** One change, with who made it (null: Kindred itself, e.g. after a block) and when. */
export const appointmentChangeSchema = z.object({
  action: z.enum(appointmentActions),
  by: personSchema.nullable(),
  at: z.iso.datetime(),
  /** The start after the change (booked, rescheduled). */
  start: z.iso.datetime().nullable(),
  /** The start before it (rescheduled). */
  previous_start: z.iso.datetime().nullable(),
  reason: z.string().nullable(),
});
export type AppointmentChange = z.infer<typeof appointmentChangeSchema>;

export const appointmentSchema = z.object({
  id: z.uuid(),
  status: appointmentStatusSchema,
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  duration_minutes: z.number().int(),
  topic: z.string(),
  note: z.string().nullable(),
  sharer: personSchema,
  listener: personSchema,
  /** The caller's side of it. */
  my_role: z.enum(['sharer', 'listener']),
  /** The listener's zone when it was booked. */
  listener_time_zone: z.string(),
  /** The chat beside the call (open until 24 hours after the end). */
  conversation_id: z.uuid().nullable(),
  chat_open_until: z.iso.datetime(),
  /** The video room opens (a token is issued) this long before the start. */
  video_available_from: z.iso.datetime(),
  cancelled_by: personSchema.nullable(),
  cancel_reason: z.string().nullable(),
  cancelled_at: z.iso.datetime().nullable(),
  /** Cancelled within the late-cancellation window before the start. */
  late_cancel: z.boolean(),
  /** From this instant on, cancelling is recorded as late (the web warns before). */
  late_cancel_from: z.iso.datetime(),
  /** The calendar file's SEQUENCE: how many times the time or status changed. */
  sequence: z.number().int(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  history: z.array(appointmentChangeSchema),
});
export type Appointment = z.infer<typeof appointmentSchema>;

export const appointmentParamsSchema = uuidParams('id', 'The appointment id must be a UUID');

export const appointmentsQuerySchema = z
  .strictObject({
    status: appointmentStatusSchema.optional(),
    /** Appointments that end after this instant. */
    from: instant.optional(),
    /** Appointments that start before this instant. */
    to: instant.optional(),
    /** `asc` (soonest first, for upcoming) or `desc` (latest first, for past). */
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: z.coerce
      .number()
      .int('limit must be a whole number')
      .min(1)
      .max(100, 'limit can be at most 100')
      .default(20),
    cursor: z.string().trim().max(200).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) > Date.parse(q.from), {
    path: ['to'],
    message: '`to` must be after `from`',
  });
export type AppointmentsQuery = z.input<typeof appointmentsQuerySchema>;

export const appointmentsResponseSchema = z.object({
  appointments: z.array(appointmentSchema),
  next_cursor: z.string().nullable(),
});
export type AppointmentsResponse = z.infer<typeof appointmentsResponseSchema>;

export const appointmentResponseSchema = z.object({ appointment: appointmentSchema });
export type AppointmentResponse = z.infer<typeof appointmentResponseSchema>;

const topicSchema = z
  .string()
  .trim()
  .min(1, 'Say in a few words what you would like to talk about')
  .max(appointmentLimits.topicMax, `Keep the topic to ${appointmentLimits.topicMax} characters`);
const noteSchema = z
  .string()
  .trim()
  .max(appointmentLimits.noteMax, `Keep the note to ${appointmentLimits.noteMax} characters`);

/** POST /appointments: book one of the listener's free slots. */
export const createAppointmentBodySchema = z.strictObject({
  listener_id: z.uuid('listener_id must be a user id'),
  start: instant,
  duration_minutes: z
    .number()
    .int('Session lengths are whole minutes')
    .min(1)
    .max(appointmentLimits.durationMax),
  topic: topicSchema,
  note: noteSchema.optional(),
});
export type CreateAppointmentBody = z.infer<typeof createAppointmentBodySchema>;

/** PUT /appointments/:id: what it is about (either member). */
export const updateAppointmentBodySchema = z
  .strictObject({ topic: topicSchema.optional(), note: noteSchema.nullable().optional() })
  .refine((b) => b.topic !== undefined || b.note !== undefined, 'Change the topic or the note');
export type UpdateAppointmentBody = z.infer<typeof updateAppointmentBodySchema>;

/** DELETE /appointments/:id: cancel, saying why (optional; the other side sees it). */
export const cancelAppointmentBodySchema = z
  .strictObject({
    reason: z
      .string()
      .trim()
      .max(
        appointmentLimits.reasonMax,
        `Keep the reason to ${appointmentLimits.reasonMax} characters`,
      )
      .optional(),
  })
  .nullish();
export type CancelAppointmentBody = z.infer<typeof cancelAppointmentBodySchema>;

/** POST /appointments/:id/reschedule: move it to another free slot (same length unless given). */
export const rescheduleAppointmentBodySchema = z.strictObject({
  start: instant,
  duration_minutes: z.number().int().min(1).max(appointmentLimits.durationMax).optional(),
});
export type RescheduleAppointmentBody = z.infer<typeof rescheduleAppointmentBodySchema>;

/** POST /appointments/:id/complete: the listener closes it as held, or as a no-show. */
export const completeAppointmentBodySchema = z
  .strictObject({ outcome: z.enum(['completed', 'no_show']).default('completed') })
  .nullish();
export type CompleteAppointmentBody = z.input<typeof completeAppointmentBodySchema>;

// ── Video rooms (Jitsi) ────────────────────────────────────────────────────────────────────────

export const createJitsiRoomBodySchema = z.strictObject({
  appointment_id: z.uuid('appointment_id must be an appointment id'),
});
export const jitsiRoomParamsSchema = uuidParams(
  'appointmentId',
  'The appointment id must be a UUID',
);

/** The video room of one appointment, for one of its two members. */
export const jitsiRoomSchema = z.object({
  appointment_id: z.uuid(),
  /** The Jitsi server: the deployment's own, JaaS (8x8.vc) or the public meet.jit.si. */
  domain: z.string(),
  /** The room's name (with the JaaS tenant in front on JaaS), unguessable. */
  room: z.string(),
  /** Opens the room in a browser (with the token in the fragment when there is one). */
  url: z.string(),
  available_from: z.iso.datetime(),
  available_until: z.iso.datetime(),
  /** Whether joining is possible now (from 10 minutes before the start until the end). */
  open: z.boolean(),
  /** The member's token while open, when the deployment uses token auth; null otherwise. */
  jwt: z.string().nullable(),
  /** `jwt` (own server, HS256), `jaas` (RS256), or `none` (public meet.jit.si). */
  auth: z.enum(['jwt', 'jaas', 'none']),
  /** True on the public meet.jit.si: the page says so (anyone with the name could join). */
  public_server: z.boolean(),
  /** The listener moderates the room. */
  moderator: z.boolean(),
  /** The IFrame API script for embedding the room (own server or JaaS); null on meet.jit.si. */
  external_api_url: z.string().nullable(),
});
export type JitsiRoom = z.infer<typeof jitsiRoomSchema>;

export const jitsiRoomResponseSchema = z.object({ room: jitsiRoomSchema });
export type JitsiRoomResponse = z.infer<typeof jitsiRoomResponseSchema>;

// ── Admin ──────────────────────────────────────────────────────────────────────────────────────

export const adminAppointmentsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** One appointment of a user, as the team sees it in the user view. */
export const adminAppointmentSchema = z.object({
  id: z.uuid(),
  status: appointmentStatusSchema,
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  /** The user's side of it. */
  role: z.enum(['sharer', 'listener']),
  partner: personSchema,
  late_cancel: z.boolean(),
  created_at: z.iso.datetime(),
  history: z.array(appointmentChangeSchema),
});
export type AdminAppointment = z.infer<typeof adminAppointmentSchema>;

export const adminAppointmentsResponseSchema = z.object({
  appointments: z.array(adminAppointmentSchema),
});
export type AdminAppointmentsResponse = z.infer<typeof adminAppointmentsResponseSchema>;
