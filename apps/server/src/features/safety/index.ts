import { apiPrefix } from '@kindred/protocol';
import type { App, ModuleContext } from '../../lib/module';
import { blocksRoutes } from './blocks.routes';
import { createBlocksService } from './blocks.service';
import { reportsRoutes } from './reports.routes';
import { type ConversationReader, createReportsService } from './reports.service';

export { blockedEitherWay, notBlockedWith } from './blocks.repository';
export { recordModerationEvent } from './moderation-events.repository';
export { moderateMessage, type ModerationVerdict } from './moderation';
export type { ReportsService } from './reports.service';

/** Safety: message moderation, blocks and reports. */
export async function register(
  app: App,
  ctx: ModuleContext,
  deps: { conversations: ConversationReader },
) {
  const blocks = createBlocksService({ db: ctx.db, events: ctx.events });
  const reports = createReportsService({ db: ctx.db, conversations: deps.conversations });
  await app.register(blocksRoutes, { prefix: `${apiPrefix}/users`, blocks });
  await app.register(reportsRoutes, { prefix: apiPrefix, reports });
  return { reports };
}
