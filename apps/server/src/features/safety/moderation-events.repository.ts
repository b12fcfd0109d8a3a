import type { Executor } from '../../db/client';
import { moderationEvents } from '../../db/schema';

export async function recordModerationEvent(
  db: Executor,
  values: typeof moderationEvents.$inferInsert,
): Promise<void> {
  await db.insert(moderationEvents).values(values);
}
