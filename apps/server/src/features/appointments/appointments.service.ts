import type {
  Appointment,
  appointmentsQuerySchema,
  CreateAppointmentBody,
  JitsiRoom,
  RescheduleAppointmentBody,
  UpdateAppointmentBody,
} from '@kindred/protocol';
import type { z } from 'zod';
import type { Db, Executor } from '../../db/client';
import type { AppointmentRow } from '../../db/schema';
import type { Clock } from '../../lib/clock';
import { cursorPage, decodeTimeCursor, encodeTimeCursor } from '../../lib/cursor-pages';
import { errors } from '../../lib/errors';
import type { AppointmentNews, EventBus } from '../../lib/events';
import { insertConversation } from '../conversations';
import { blockedEitherWay, moderateMessage, recordModerationEvent } from '../safety';
import * as repo from './appointments.repository';
import { type AvailabilityService, busyAround, toSchedule } from './availability.service';
import { calendarFile } from './calendar';
import { type Jitsi, newRoomName } from './jitsi';
import { namedIn, toAppointment } from './present';
import { checkSlot } from './slots';

export interface AppointmentsDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  availability: AvailabilityService;
  jitsi: Jitsi;
  /** Reminders, in minutes before the start. */
  reminderMinutes: number[];
  /** Cancelling closer than this to the start is recorded as late. */
  lateCancelMs: number;
  publicUrl: string;
  mailFrom: string;
}

const MINUTE_MS = 60_000;

/** Either member, or nobody: a stranger learns nothing, not even that it exists. */
function requireMember(row: AppointmentRow | undefined, userId: string): AppointmentRow {
  if (!row || (row.sharerId !== userId && row.listenerId !== userId)) {
    throw errors.notFound('Appointment');
  }
  return row;
}

/** Only a scheduled appointment can change; the refusal says what became of it. */
function assertScheduled(row: AppointmentRow) {
  if (row.status !== 'scheduled') {
    throw errors.appointmentClosed(`This session was already ${row.status.replace('_', '-')}`);
  }
}

/** Only a scheduled appointment that has not started can be moved or cancelled. */
function assertUpcoming(row: AppointmentRow, now: Date) {
  assertScheduled(row);
  if (row.startsAt <= now) throw errors.appointmentClosed('This session has already started');
}

/** A write that broke an exclusion constraint: the time was taken meanwhile. */
function overlapError(error: unknown): unknown {
  const which = repo.overlapViolation(error);
  if (which === 'sharer') return errors.appointmentConflict();
  if (which === 'listener') return errors.slotTaken();
  return error;
}

/**
 * Booked sessions (DESIGN §12): booking a free slot with its chat, moving it (atomically: the
 * old time is given up only if the new one is taken), cancelling (late inside the window),
 * closing it as held or missed, and what members may read of it. The database forbids double
 * booking; the code checks first so that the refusal can say which rule.
 */
export function createAppointmentsService(deps: AppointmentsDeps) {
  const { db, clock, events } = deps;

  function news(row: AppointmentRow, actorId: string | null, now: Date): AppointmentNews {
    return {
      appointmentId: row.id,
      sharerId: row.sharerId,
      listenerId: row.listenerId,
      actorId,
      start: row.startsAt,
      end: row.endsAt,
      calendar: calendarFile(row, { publicUrl: deps.publicUrl, mailFrom: deps.mailFrom, now }),
    };
  }

  async function present(rows: AppointmentRow[], viewerId: string): Promise<Appointment[]> {
    const changes = await repo.changesOf(
      db,
      rows.map((r) => r.id),
    );
    const names = await repo.pseudonyms(db, namedIn(rows, changes));
    return rows.map((row) => toAppointment(row, viewerId, names, changes, deps.lateCancelMs));
  }
  const presentOne = async (row: AppointmentRow, viewerId: string) =>
    (await present([row], viewerId))[0]!;

  /**
   * Throws unless [start, start + duration) is one of the listener's free slots and the sharer
   * has nothing else then. `exceptId`: the appointment being moved does not stand in its way.
   */
  async function assertFree(
    tx: Executor,
    schedule: Parameters<typeof toSchedule>[0],
    parties: { listenerId: string; sharerId: string },
    slot: { start: Date; duration: number; now: Date },
    exceptId?: string,
  ) {
    const end = new Date(slot.start.getTime() + slot.duration * MINUTE_MS);
    const busy = await busyAround(tx, parties.listenerId, slot.start, end, exceptId);
    const refusal = checkSlot(toSchedule(schedule), busy, slot);
    if (refusal?.reason === 'taken') throw errors.slotTaken();
    if (refusal) throw errors.slotUnavailable(refusal.message);
    const mine = await repo.busyBetween(tx, parties.sharerId, slot.start, end, exceptId);
    if (mine.length > 0) throw errors.appointmentConflict();
    return end;
  }

  /**
   * What one member writes for the other (topic, note, a cancellation's reason) passes the same
   * moderation as a message: contact details or meeting elsewhere are refused, and recorded.
   */
  async function assertAllowedText(userId: string, texts: (string | null | undefined)[]) {
    for (const text of texts) {
      if (!text) continue;
      const verdict = moderateMessage(text);
      if (verdict.status === 'blocked') {
        await recordModerationEvent(db, { userId, status: 'blocked', rule: verdict.code });
        throw errors.messageBlocked(verdict.reason);
      }
    }
  }

  async function memberRow(userId: string, id: string) {
    return requireMember(await repo.findAppointment(db, id), userId);
  }

  /** The same, locked until the transaction ends: changes to one appointment take turns. */
  async function lockedMemberRow(tx: Executor, userId: string, id: string) {
    return requireMember(await repo.findAppointment(tx, id, { lock: true }), userId);
  }

  /**
   * Writes a member's change to a scheduled appointment with its line in the history; refused
   * when the appointment stopped being scheduled meanwhile.
   */
  async function writeChange(
    tx: Executor,
    id: string,
    by: { userId: string; at: Date },
    values: Partial<repo.NewAppointment>,
    change: Omit<repo.NewChange, 'appointmentId' | 'actorId' | 'at'>,
  ) {
    const row = await repo.updateScheduled(tx, id, { ...values, updatedAt: by.at });
    if (!row) throw errors.appointmentClosed();
    await repo.insertChange(tx, { appointmentId: id, actorId: by.userId, at: by.at, ...change });
    return row;
  }

  /** Kindred cancels (a block, a ban): nobody's fault, so never late; both are told. */
  async function cancelBySystem(rows: AppointmentRow[]) {
    for (const candidate of rows) {
      const now = clock.now();
      if (candidate.startsAt <= now) continue;
      await events.transaction(db, async (tx) => {
        const row = await repo.updateScheduled(tx, candidate.id, {
          status: 'cancelled',
          cancelledBy: null,
          cancelReason: null,
          cancelledAt: now,
          lateCancel: false,
          sequence: candidate.sequence + 1,
          updatedAt: now,
        });
        if (!row) return;
        await repo.insertChange(tx, {
          appointmentId: row.id,
          action: 'cancelled',
          actorId: null,
          at: now,
          startsAt: row.startsAt,
        });
        await repo.dropPendingReminders(tx, row.id);
        await events.publish(tx, 'appointment.cancelled', {
          ...news(row, null, now),
          reason: null,
          late: false,
        });
      });
    }
  }

  return {
    async book(sharerId: string, body: CreateAppointmentBody): Promise<Appointment> {
      const now = clock.now();
      const start = new Date(body.start);
      const { listener } = await deps.availability.bookableListener(sharerId, body.listener_id);
      await assertAllowedText(sharerId, [body.topic, body.note]);
      try {
        const row = await events.transaction(db, async (tx) => {
          const schedule = await repo.lockSchedule(tx, listener.id);
          if (!schedule?.acceptsBookings) {
            throw errors.bookingNotAllowed('This listener does not take bookings at the moment');
          }
          const parties = { listenerId: listener.id, sharerId };
          const duration = body.duration_minutes;
          const end = await assertFree(tx, schedule, parties, { start, duration, now });
          const conversation = await insertConversation(tx, {
            kind: 'appointment',
            topic: body.topic,
            createdBy: sharerId,
            startedAt: now,
            members: [
              { userId: sharerId, role: 'sharer' },
              { userId: listener.id, role: 'listener' },
            ],
          });
          const created = await repo.insertAppointment(tx, {
            sharerId,
            listenerId: listener.id,
            conversationId: conversation.id,
            startsAt: start,
            endsAt: end,
            durationMinutes: duration,
            topic: body.topic,
            note: body.note || null,
            listenerTimeZone: schedule.timeZone,
            roomName: newRoomName(),
            createdAt: now,
            updatedAt: now,
          });
          await repo.insertChange(tx, {
            appointmentId: created.id,
            action: 'booked',
            actorId: sharerId,
            at: now,
            startsAt: start,
          });
          await repo.planReminders(tx, created.id, start, deps.reminderMinutes, now);
          await events.publish(tx, 'appointment.booked', news(created, sharerId, now));
          return created;
        });
        return presentOne(row, sharerId);
      } catch (error) {
        throw overlapError(error);
      }
    },

    async reschedule(
      userId: string,
      id: string,
      body: RescheduleAppointmentBody,
    ): Promise<Appointment> {
      const now = clock.now();
      const start = new Date(body.start);
      const current = await memberRow(userId, id);
      try {
        const row = await events.transaction(db, async (tx) => {
          // The listener's settings first, as booking takes them: one order of locks everywhere.
          const schedule = await repo.lockSchedule(tx, current.listenerId);
          const before = await lockedMemberRow(tx, userId, id);
          assertUpcoming(before, now);
          if (!schedule || (userId === before.sharerId && !schedule.acceptsBookings)) {
            throw errors.bookingNotAllowed('This listener does not take bookings at the moment');
          }
          if (await blockedEitherWay(tx, before.sharerId, before.listenerId)) {
            throw errors.userBlocked();
          }
          const duration = body.duration_minutes ?? before.durationMinutes;
          if (
            start.getTime() === before.startsAt.getTime() &&
            duration === before.durationMinutes
          ) {
            const message = 'This is already the time of the session';
            throw errors.validation([{ path: 'start', message }], message);
          }
          const end = await assertFree(tx, schedule, before, { start, duration, now }, before.id);
          // One statement: the old time is freed only if the new one is taken.
          const moved = await writeChange(
            tx,
            id,
            { userId, at: now },
            {
              startsAt: start,
              endsAt: end,
              durationMinutes: duration,
              sequence: before.sequence + 1,
            },
            { action: 'rescheduled', startsAt: start, previousStartsAt: before.startsAt },
          );
          await repo.planReminders(tx, id, start, deps.reminderMinutes, now);
          await events.publish(tx, 'appointment.rescheduled', {
            ...news(moved, userId, now),
            previousStart: before.startsAt,
          });
          return moved;
        });
        return presentOne(row, userId);
      } catch (error) {
        throw overlapError(error);
      }
    },

    async cancel(userId: string, id: string, reason: string | undefined): Promise<Appointment> {
      const now = clock.now();
      await memberRow(userId, id);
      await assertAllowedText(userId, [reason]);
      const row = await events.transaction(db, async (tx) => {
        const before = await lockedMemberRow(tx, userId, id);
        assertUpcoming(before, now);
        const late = before.startsAt.getTime() - now.getTime() < deps.lateCancelMs;
        const cancelled = await writeChange(
          tx,
          id,
          { userId, at: now },
          {
            status: 'cancelled',
            cancelledBy: userId,
            cancelReason: reason || null,
            cancelledAt: now,
            lateCancel: late,
            sequence: before.sequence + 1,
          },
          { action: 'cancelled', startsAt: before.startsAt, reason: reason || null },
        );
        await repo.dropPendingReminders(tx, id);
        await events.publish(tx, 'appointment.cancelled', {
          ...news(cancelled, userId, now),
          reason: reason || null,
          late,
        });
        return cancelled;
      });
      return presentOne(row, userId);
    },

    /** The listener closes a session that has started: held, or the sharer did not come. */
    async complete(
      userId: string,
      id: string,
      outcome: 'completed' | 'no_show',
    ): Promise<Appointment> {
      const now = clock.now();
      const current = await memberRow(userId, id);
      if (current.listenerId !== userId) {
        throw errors.forbidden('Only the listener can mark the session as held or missed');
      }
      const row = await events.transaction(db, async (tx) => {
        const before = await lockedMemberRow(tx, userId, id);
        assertScheduled(before);
        if (now < before.startsAt) throw errors.appointmentNotStarted();
        const closed = await writeChange(
          tx,
          id,
          { userId, at: now },
          { status: outcome },
          { action: outcome },
        );
        await repo.dropPendingReminders(tx, id);
        return closed;
      });
      return presentOne(row, userId);
    },

    async update(userId: string, id: string, body: UpdateAppointmentBody): Promise<Appointment> {
      const now = clock.now();
      await memberRow(userId, id);
      await assertAllowedText(userId, [body.topic, body.note]);
      const row = await events.transaction(db, async (tx) => {
        assertScheduled(await lockedMemberRow(tx, userId, id));
        return writeChange(
          tx,
          id,
          { userId, at: now },
          {
            ...(body.topic !== undefined ? { topic: body.topic } : {}),
            ...(body.note !== undefined ? { note: body.note || null } : {}),
          },
          { action: 'updated' },
        );
      });
      return presentOne(row, userId);
    },

    async get(userId: string, id: string): Promise<Appointment> {
      return presentOne(await memberRow(userId, id), userId);
    },

    async list(userId: string, query: z.output<typeof appointmentsQuerySchema>) {
      const rows = await repo.listFor(db, userId, {
        status: query.status,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        order: query.order,
        after: query.cursor ? decodeTimeCursor(query.cursor) : undefined,
        limit: query.limit + 1,
      });
      const { page, nextCursor } = cursorPage(rows, query.limit, (last) =>
        encodeTimeCursor({ at: last.startsAt, id: last.id }),
      );
      return { appointments: await present(page, userId), next_cursor: nextCursor };
    },

    /** The calendar file of the appointment as it stands (cancelled: METHOD:CANCEL). */
    async calendar(userId: string, id: string): Promise<string> {
      const row = await memberRow(userId, id);
      return calendarFile(row, {
        publicUrl: deps.publicUrl,
        mailFrom: deps.mailFrom,
        now: clock.now(),
      });
    },

    /** The video room, for a member; `opening`: refuse when the session can no longer happen. */
    async room(userId: string, id: string, options: { opening: boolean }): Promise<JitsiRoom> {
      const row = await memberRow(userId, id);
      if (options.opening && row.status !== 'scheduled') {
        throw errors.appointmentClosed(`This session was already ${row.status.replace('_', '-')}`);
      }
      if (options.opening && row.endsAt <= clock.now()) {
        throw errors.appointmentClosed('This session has already ended');
      }
      const names = await repo.pseudonyms(db, [userId]);
      return deps.jitsi.room(
        row,
        { userId, pseudonym: names.get(userId) ?? 'Kindred member' },
        clock.now(),
      );
    },

    /** After a block: the two no longer meet; their upcoming sessions are cancelled. */
    async cancelBetween(a: string, b: string) {
      const rows = await repo.latestFor(db, a, 500);
      await cancelBySystem(
        rows.filter((r) => r.status === 'scheduled' && (r.sharerId === b || r.listenerId === b)),
      );
    },

    /** After a ban or a suspension: the user's upcoming sessions (as `role`, or any) go. */
    async cancelAllOf(userId: string, role?: 'listener') {
      const rows = await repo.latestFor(db, userId, 500);
      await cancelBySystem(
        rows.filter(
          (r) => r.status === 'scheduled' && (role === undefined || r.listenerId === userId),
        ),
      );
    },
  };
}
export type AppointmentsService = ReturnType<typeof createAppointmentsService>;
