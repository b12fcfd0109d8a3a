import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import type { EventBus } from '../../lib/events';
import { claimDueReminders } from './appointments.repository';

/**
 * Sends the reminders that fell due (24 hours and 15 minutes before the start, by default):
 * each is claimed in the database (`sent_at` set in the claiming statement) and announced as
 * `appointment.reminder-due` in the same transaction, so every reminder goes out once, however
 * many nodes run this at the same moment. The notifications module does the telling.
 */
export function createReminders(deps: { db: Db; clock: Clock; events: EventBus }) {
  const { db, clock, events } = deps;
  return {
    /** One round; how many reminders this run claimed. */
    async run(): Promise<number> {
      const now = clock.now();
      return events.transaction(db, async (tx) => {
        const claimed = await claimDueReminders(tx, now);
        for (const { appointment, minutesBefore } of claimed) {
          await events.publish(tx, 'appointment.reminder-due', {
            appointmentId: appointment.id,
            sharerId: appointment.sharerId,
            listenerId: appointment.listenerId,
            actorId: null,
            start: appointment.startsAt,
            end: appointment.endsAt,
            calendar: null,
            minutesBefore,
          });
        }
        return claimed.length;
      });
    },
  };
}
export type Reminders = ReturnType<typeof createReminders>;
