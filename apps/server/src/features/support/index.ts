import { apiPrefix } from '@kindred/protocol';
import type { App, ModuleContext } from '../../lib/module';
import type { ConversationsApi } from '../conversations';
import { adminContactRoutes, contactRoutes } from './contact.routes';
import { supportPolicy } from './policy';
import { adminSupportRoutes, supportRoutes } from './routes';
import { createSupportService } from './support.service';

/** Support: tickets between a user and the team, answered from the admin area. */
export async function register(
  app: App,
  ctx: ModuleContext,
  deps: { conversations: ConversationsApi },
) {
  const support = createSupportService({
    db: ctx.db,
    clock: ctx.clock,
    events: ctx.events,
    conversations: deps.conversations,
  });
  deps.conversations.registerPolicy(supportPolicy(ctx.events));
  await app.register(supportRoutes, { prefix: `${apiPrefix}/support`, support });
  await app.register(contactRoutes, { prefix: `${apiPrefix}/contact`, db: ctx.db });
  await app.register(adminSupportRoutes, { prefix: `${apiPrefix}/admin/support`, support });
  await app.register(adminContactRoutes, {
    prefix: `${apiPrefix}/admin/contact-requests`,
    db: ctx.db,
    events: ctx.events,
  });
}
