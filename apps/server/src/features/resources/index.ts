import { apiPrefix } from '@kindred/protocol';
import type { App, ModuleContext } from '../../lib/module';
import type { SharedMessageKind } from '../conversations';
import { resourceStore } from './files';
import { createResourcesService } from './resources.service';
import { resourceAdminRoutes, resourcesRoutes } from './routes';

export { markdownToText } from './markdown';
export { searchConfigOf } from './language';
export { seedStarterResources, type StarterResource } from './starter';

/** How often deleted resources past their grace period, and stray files, are removed. */
export const RESOURCE_PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * The resource library: articles, audio, video, PDFs and links, their review, search,
 * recommendations and tracking; and the `resource` message kind that shares one into a chat.
 */
export async function register(
  app: App,
  ctx: ModuleContext,
  deps: { registerMessageKind: (kind: SharedMessageKind) => void },
) {
  const store = resourceStore(ctx.config.dataDir);
  const resources = createResourcesService({
    db: ctx.db,
    clock: ctx.clock,
    store,
    events: ctx.events,
    log: ctx.log,
    purgeGraceMs: ctx.config.resourcePurgeGraceMs,
  });
  await app.register(resourcesRoutes, {
    prefix: apiPrefix,
    resources,
    limiter: ctx.limiter,
    uploadRule: ctx.config.rateLimits.uploads,
  });
  await app.register(resourceAdminRoutes, { prefix: apiPrefix, resources });

  // A resource shared into a listening, direct or appointment chat: a card that opens it.
  deps.registerMessageKind({
    kind: 'resource',
    conversationKinds: ['listening', 'direct', 'appointment'],
    assertShareable: (resourceId) => resources.assertShareable(resourceId),
    cards: (ids) => resources.cards(ids),
  });

  ctx.jobs.every({
    name: 'resource-purge',
    everyMs: RESOURCE_PURGE_INTERVAL_MS,
    scope: 'cluster',
    run: async () => {
      const purged = await resources.purge();
      if (purged.resources > 0 || purged.files > 0)
        ctx.log.info(purged, 'deleted resources purged');
    },
  });
  return { purge: resources.purge };
}
