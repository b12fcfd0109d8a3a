import { and, asc, desc, eq, gt, inArray, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import {
  appointmentChanges,
  type AppointmentChangeRow,
  appointmentReminders,
  type AppointmentRow,
  appointments,
  bookingAvailability,
  type BookingAvailabilityRow,
  users,
} from '../../db/schema';
import type { TimeCursor } from '../../lib/cursor-pages';
import { findRow, insertRow, updateRow } from '../../lib/rows';

export type NewAppointment = typeof appointments.$inferInsert;
export type NewChange = Omit<typeof appointmentChanges.$inferInsert, 'id'>;

/** Which exclusion constraint a write broke (double booking), or undefined. */
export function overlapViolation(error: unknown): 'listener' | 'sharer' | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (code !== '23P01') continue;
    return constraint === 'appointments_sharer_no_overlap' ? 'sharer' : 'listener';
  }
  return undefined;
}

// ── Booking settings ───────────────────────────────────────────────────────────────────────────

export const findSchedule = (db: Executor, userId: string) =>
  findRow(db, bookingAvailability, eq(bookingAvailability.userId, userId));

/**
 * The listener's settings, locked until the transaction ends: bookings and reschedules with one
 * listener take turns, so the daily cap and the buffer hold under concurrency too.
 */
export const lockSchedule = (tx: Executor, userId: string) =>
  findRow(tx, bookingAvailability, eq(bookingAvailability.userId, userId), { lock: true });

export async function saveSchedule(
  db: Executor,
  values: typeof bookingAvailability.$inferInsert,
): Promise<BookingAvailabilityRow> {
  const { userId: _userId, ...changes } = values;
  const [row] = await db
    .insert(bookingAvailability)
    .values(values)
    .onConflictDoUpdate({ target: bookingAvailability.userId, set: changes })
    .returning();
  return row!;
}

// ── Appointments ───────────────────────────────────────────────────────────────────────────────

const scheduled = eq(appointments.status, 'scheduled');
const involves = (userId: string) =>
  or(eq(appointments.sharerId, userId), eq(appointments.listenerId, userId));
const overlapping = (start: Date, end: Date) =>
  and(lt(appointments.startsAt, end), gt(appointments.endsAt, start));

/** Scheduled appointments of these people (either role) overlapping [start, end). */
export async function busyBetween(
  db: Executor,
  userId: string,
  start: Date,
  end: Date,
  exceptId?: string,
): Promise<AppointmentRow[]> {
  return db
    .select()
    .from(appointments)
    .where(
      and(
        scheduled,
        involves(userId),
        overlapping(start, end),
        exceptId ? ne(appointments.id, exceptId) : undefined,
      ),
    );
}

export const insertAppointment = (tx: Executor, values: NewAppointment) =>
  insertRow(tx, appointments, values);

export const findAppointment = (db: Executor, id: string, options: { lock?: boolean } = {}) =>
  findRow(db, appointments, eq(appointments.id, id), options);

export const findByConversation = (db: Executor, conversationId: string) =>
  findRow(db, appointments, eq(appointments.conversationId, conversationId));

/** Changes a scheduled appointment; undefined when it is no longer scheduled. */
export const updateScheduled = (tx: Executor, id: string, values: Partial<NewAppointment>) =>
  updateRow(tx, appointments, values, and(eq(appointments.id, id), scheduled));

/** One page of the user's appointments, in start order, after a (start, id) position. */
export async function listFor(
  db: Executor,
  userId: string,
  options: {
    status?: AppointmentRow['status'];
    from?: Date;
    to?: Date;
    order: 'asc' | 'desc';
    after?: TimeCursor;
    limit: number;
  },
): Promise<AppointmentRow[]> {
  const { after, order } = options;
  const position: SQL | undefined = after
    ? order === 'asc'
      ? sql`(${appointments.startsAt}, ${appointments.id}) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
      : sql`(${appointments.startsAt}, ${appointments.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
    : undefined;
  const direction = order === 'asc' ? asc : desc;
  return db
    .select()
    .from(appointments)
    .where(
      and(
        involves(userId),
        options.status ? eq(appointments.status, options.status) : undefined,
        options.from ? gt(appointments.endsAt, options.from) : undefined,
        options.to ? lt(appointments.startsAt, options.to) : undefined,
        position,
      ),
    )
    .orderBy(direction(appointments.startsAt), direction(appointments.id))
    .limit(options.limit);
}

// ── History and reminders ──────────────────────────────────────────────────────────────────────

export async function insertChange(tx: Executor, change: NewChange) {
  await tx.insert(appointmentChanges).values(change);
}

export async function changesOf(
  db: Executor,
  appointmentIds: string[],
): Promise<AppointmentChangeRow[]> {
  if (appointmentIds.length === 0) return [];
  return db
    .select()
    .from(appointmentChanges)
    .where(inArray(appointmentChanges.appointmentId, appointmentIds))
    .orderBy(asc(appointmentChanges.seq));
}

/** Replaces the reminders still to come with those of the (new) start that lie ahead. */
export async function planReminders(
  tx: Executor,
  appointmentId: string,
  start: Date,
  minutesBefore: number[],
  now: Date,
) {
  await tx
    .delete(appointmentReminders)
    .where(eq(appointmentReminders.appointmentId, appointmentId));
  const rows = minutesBefore
    .map((minutes) => ({
      appointmentId,
      minutesBefore: minutes,
      dueAt: new Date(start.getTime() - minutes * 60_000),
    }))
    .filter((r) => r.dueAt > now);
  if (rows.length > 0) await tx.insert(appointmentReminders).values(rows);
}

export async function dropPendingReminders(tx: Executor, appointmentId: string) {
  await tx
    .delete(appointmentReminders)
    .where(
      and(
        eq(appointmentReminders.appointmentId, appointmentId),
        isNull(appointmentReminders.sentAt),
      ),
    );
}

export interface ClaimedReminder {
  appointment: AppointmentRow;
  minutesBefore: number;
}

/**
 * Marks the due reminders of appointments still to come as sent and returns them: the claim.
 * Of two nodes running this at once, each reminder goes to exactly one (rows another run holds
 * are skipped, and a claimed row no longer matches `sent_at is null`).
 */
export async function claimDueReminders(
  tx: Executor,
  now: Date,
  limit = 100,
): Promise<ClaimedReminder[]> {
  const due = tx
    .select({ id: appointmentReminders.appointmentId, minutes: appointmentReminders.minutesBefore })
    .from(appointmentReminders)
    .innerJoin(appointments, eq(appointments.id, appointmentReminders.appointmentId))
    .where(
      and(
        isNull(appointmentReminders.sentAt),
        sql`${appointmentReminders.dueAt} <= ${now.toISOString()}::timestamptz`,
        scheduled,
        gt(appointments.startsAt, now),
      ),
    )
    .orderBy(asc(appointmentReminders.dueAt))
    .limit(limit)
    .for('update', { of: appointmentReminders, skipLocked: true });
  const claimed = await tx
    .update(appointmentReminders)
    .set({ sentAt: now })
    .where(
      and(
        isNull(appointmentReminders.sentAt),
        sql`(${appointmentReminders.appointmentId}, ${appointmentReminders.minutesBefore}) in (${due})`,
      ),
    )
    .returning({
      appointmentId: appointmentReminders.appointmentId,
      minutesBefore: appointmentReminders.minutesBefore,
    });
  if (claimed.length === 0) return [];
  const rows = await tx
    .select()
    .from(appointments)
    .where(
      inArray(
        appointments.id,
        claimed.map((c) => c.appointmentId),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return claimed.flatMap((c) => {
    const appointment = byId.get(c.appointmentId);
    return appointment ? [{ appointment, minutesBefore: c.minutesBefore }] : [];
  });
}

// ── People and the team's views ────────────────────────────────────────────────────────────────

/** Pseudonyms by id (for who booked, who changed what). */
export async function pseudonyms(db: Executor, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, pseudonym: users.pseudonym })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.pseudonym]));
}

/** Appointments per UTC day of their start since `first` (cancelled ones left out). */
export async function perDay(
  db: Executor,
  first: Date,
): Promise<{ date: string; count: number }[]> {
  const day = sql<string>`to_char(${appointments.startsAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({ date: day, count: sql<number>`count(*)::int` })
    .from(appointments)
    .where(
      and(
        ne(appointments.status, 'cancelled'),
        sql`${appointments.startsAt} >= ${first.toISOString()}::timestamptz`,
      ),
    )
    .groupBy(day);
  return rows.map((r) => ({ date: r.date, count: Number(r.count) }));
}

/** Scheduled appointments that have not started yet. */
export async function countUpcoming(db: Executor, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(appointments)
    .where(and(scheduled, gt(appointments.startsAt, now)));
  return Number(row?.n ?? 0);
}

/** The user's appointments, latest start first. */
export async function latestFor(db: Executor, userId: string, limit: number) {
  return db
    .select()
    .from(appointments)
    .where(involves(userId))
    .orderBy(desc(appointments.startsAt), desc(appointments.id))
    .limit(limit);
}
