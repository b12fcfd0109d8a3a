import { apiPrefix } from '@kindred/protocol';
import type { App, ModuleContext } from '../../lib/module';
import { wellbeingAdminRoutes, wellbeingMemberRoutes } from './wellbeing.routes';
import { createWellbeingService, type MembershipCheck } from './wellbeing.service';

/** How often listeners whose pause is over are made available again. */
const PAUSE_CHECK_MS = 30_000;

/**
 * Wellbeing: self-harm wording and escalations go to a queue for supportive follow-up by the team
 * (docs/SAFETY.md), live to signed-in team members; listeners may pause after a heavy chat.
 */
export async function register(
  app: App,
  ctx: ModuleContext,
  deps: { conversations: MembershipCheck },
) {
  const wellbeing = createWellbeingService({
    db: ctx.db,
    clock: ctx.clock,
    events: ctx.events,
    notifier: ctx.notifier,
    conversations: deps.conversations,
  });
  // The item commits with the message, so no flag is ever stored without its place in the queue.
  ctx.events.within('message.stored', (tx, e) => wellbeing.recordFlag(tx, e));
  // The listener's guidance must not wait for anything else, nor hold up the sender's answer.
  ctx.events.on('message.stored', (e) => wellbeing.guide(e), { detached: true });
  ctx.events.on('message.stored', (e) => wellbeing.alertFlag(e));
  ctx.jobs.every({
    name: 'listener-pauses',
    everyMs: PAUSE_CHECK_MS,
    scope: 'every-node',
    run: () => wellbeing.endPauses(),
  });

  await app.register(wellbeingAdminRoutes, { prefix: `${apiPrefix}/admin/wellbeing`, wellbeing });
  await app.register(wellbeingMemberRoutes, { prefix: apiPrefix, wellbeing });
}
