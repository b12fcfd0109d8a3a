import { apiPrefix } from '@kindred/protocol';
import type { Executor } from '../../db/client';
import type { App, ModuleContext } from '../../lib/module';
import type { ConversationsApi } from '../conversations';
import type { Revocations } from '../identity';
import { recordAdminAction } from './admin-logs.repository';
import { createAdminService } from './admin.service';
import { sampleAvailability } from './availability-sampler';
import { createModerationService } from './moderation.service';
import { adminRoutes, noticesRoutes } from './routes';

/**
 * Administration: the dashboard, users and bans, reports, the moderation queue, notices and the
 * audit log. The audit log is written here only, from the `admin.action` events of every
 * module, inside the transaction of the change it records.
 */
export async function register(
  app: App,
  ctx: ModuleContext,
  deps: {
    conversations: ConversationsApi;
    revocations: Revocations;
    /** Identity's erasure, the same as an owner deleting their account. */
    eraseUser: (userId: string, within?: (tx: Executor) => Promise<void>) => Promise<unknown>;
  },
) {
  const { db, clock, events, notifier } = ctx;
  events.within('admin.action', async (tx, e) => void (await recordAdminAction(tx, e)));

  const admin = createAdminService({
    db,
    clock,
    notifier,
    events,
    revocations: deps.revocations,
    eraseUser: deps.eraseUser,
    disconnectUser: (userId) => ctx.notifier.disconnectUsers([userId]),
  });
  const moderation = createModerationService({
    db,
    clock,
    notifier,
    messages: deps.conversations.messages,
    events,
    ban: admin.ban,
  });

  const everyMs = ctx.config.availabilitySampleMs;
  ctx.jobs.every({
    name: 'availability-sampler',
    everyMs,
    // The sampler takes its own advisory lock, so that one sample per interval is kept.
    scope: 'every-node',
    // One at start, so a new deployment's dashboard has a point before the first interval ends.
    runAtStart: true,
    run: () => sampleAvailability(db, clock.now(), everyMs),
  });

  await app.register(adminRoutes, { prefix: `${apiPrefix}/admin`, admin, moderation });
  await app.register(noticesRoutes, { prefix: `${apiPrefix}/users`, moderation });
}
