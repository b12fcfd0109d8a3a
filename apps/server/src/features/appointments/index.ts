import { type AdminAppointment, apiPrefix } from '@kindred/protocol';
import type { Executor } from '../../db/client';
import type { App, ModuleContext } from '../../lib/module';
import type { ConversationsApi } from '../conversations';
import * as repo from './appointments.repository';
import { createAppointmentsService } from './appointments.service';
import { createAvailabilityService } from './availability.service';
import { createJitsi } from './jitsi';
import { appointmentPolicy } from './policy';
import { namedIn, toAdminAppointment } from './present';
import { createReminders } from './reminders';
import { appointmentRoutes, availabilityRoutes, jitsiRoutes } from './routes';

/** Booked sessions per UTC day of their start, since `first` (cancelled ones left out). */
export const appointmentsPerDay = repo.perDay;

/** Scheduled sessions still to come, for the dashboard. */
export const countUpcomingAppointments = repo.countUpcoming;

/** A user's sessions (either side), latest first, with every change: the team's user view. */
export async function appointmentHistoryOf(
  db: Executor,
  userId: string,
  limit: number,
): Promise<AdminAppointment[]> {
  const rows = await repo.latestFor(db, userId, limit);
  const changes = await repo.changesOf(
    db,
    rows.map((r) => r.id),
  );
  const names = await repo.pseudonyms(db, namedIn(rows, changes));
  return rows.map((row) => toAdminAppointment(row, userId, names, changes));
}

/**
 * Appointments: listeners' booking settings and free slots, booked sessions with their chat (an
 * `appointment` conversation), calendar files, video rooms and reminders. It tells others what
 * happened through `appointment.*` events; the notifications module does the telling.
 */
export async function register(
  app: App,
  ctx: ModuleContext,
  deps: { conversations: ConversationsApi },
) {
  const { db, clock, events, config } = ctx;
  const availability = createAvailabilityService({
    db,
    clock,
    listenerApproval: config.listenerApproval,
  });
  const appointments = createAppointmentsService({
    db,
    clock,
    events,
    availability,
    jitsi: createJitsi(config.jitsi, config.jwtSecret),
    reminderMinutes: config.appointments.reminderMinutes,
    lateCancelMs: config.appointments.lateCancelMs,
    publicUrl: config.publicUrl,
    mailFrom: config.mailFrom,
  });
  deps.conversations.registerPolicy(appointmentPolicy({ db, clock }));

  const reminders = createReminders({ db, clock, events });
  ctx.jobs.every({
    name: 'appointment-reminders',
    everyMs: config.appointments.reminderCheckMs,
    // Each reminder is claimed in the database, so nodes may run this side by side.
    scope: 'every-node',
    run: async () => {
      const sent = await reminders.run();
      if (sent > 0) ctx.log.debug({ sent }, 'appointment reminders due');
    },
  });

  // People who can no longer reach each other do not meet: their upcoming sessions are cancelled.
  events.on('user.blocked', (e) => appointments.cancelBetween(e.blockerId, e.blockedId));
  events.on('user.banned', (e) => appointments.cancelAllOf(e.userId));
  events.on('listener.suspended', (e) => appointments.cancelAllOf(e.userId, 'listener'));

  await app.register(availabilityRoutes, { prefix: `${apiPrefix}/listeners`, availability });
  await app.register(appointmentRoutes, { prefix: apiPrefix, appointments });
  await app.register(jitsiRoutes, { prefix: `${apiPrefix}/jitsi`, appointments });

  return {
    /** Runs one round of reminders now (tests, maintenance); the periodic job does the same. */
    sendDueReminders: reminders.run,
  };
}
