import type { FastifyInstance } from 'fastify';
import type { Config } from './config';
import { type ContextOverrides, createModuleContext } from './context';
import type { Database } from './db/client';
import * as admin from './features/admin';
import * as appointments from './features/appointments';
import * as attachments from './features/attachments';
import * as conversations from './features/conversations';
import { seedIfEmpty } from './features/demo';
import * as direct from './features/direct';
import * as identity from './features/identity';
import * as listening from './features/listening';
import * as notifications from './features/notifications';
import * as resources from './features/resources';
import * as safety from './features/safety';
import * as support from './features/support';
import * as wellbeing from './features/wellbeing';
import { createServer, registerPlatformPlugins } from './platform';
import { healthRoutes } from './plugins/health';
import { registerSpa } from './plugins/spa';

export type AppOverrides = ContextOverrides;

export interface KindredApp extends FastifyInstance {
  database: Database;
  /** Runs the expiry sweep now (tests, maintenance); the periodic job does the same. */
  sweepExpired(now: Date): Promise<{ conversations: number; messages: number } | undefined>;
  /** Runs the uploaded-file cleanup now (tests, maintenance); the periodic jobs do the same. */
  cleanUpUploads(): Promise<{ files: number; strays: number }>;
  /** Removes deleted library resources past their grace period, and stray files (the job's work). */
  purgeResources(): Promise<{ resources: number; files: number }>;
  /** Sends the appointment reminders that are due now (tests); the periodic job does the same. */
  sendDueReminders(): Promise<number>;
}

/** Builds the whole application from its config: platform plugins, then each module. */
export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<KindredApp> {
  const app = createServer(config);
  const { ctx, useSocketAuth } = await createModuleContext(app, config, overrides);
  const { database, redis } = ctx;
  if (config.seedDemo) {
    const created = await seedIfEmpty(database.db, { dataDir: config.dataDir });
    if (created > 0) app.log.info({ created }, 'demo users created');
  }

  await registerPlatformPlugins(app, config);
  await app.register(healthRoutes, {
    ping: async () => {
      await database.ping();
      await redis?.ping();
    },
  });
  const people = await identity.register(app, ctx);
  useSocketAuth({
    verify: people.verifyAccessToken,
    assertValid: (claims) => people.revocations.assertValid(claims),
  });
  const core = await conversations.register(app, ctx);
  const files = await attachments.register(app, ctx, { gate: core.gate });
  const { reports } = await safety.register(app, ctx, {
    conversations: { requireMember: core.requireMember, findMessage: core.findMessage },
  });
  await listening.register(app, ctx, { conversations: core });
  await direct.register(app, ctx, { conversations: core, reports });
  await support.register(app, ctx, { conversations: core });
  const booked = await appointments.register(app, ctx, { conversations: core });
  await admin.register(app, ctx, {
    conversations: core,
    revocations: people.revocations,
    eraseUser: people.eraseUser,
  });
  const library = await resources.register(app, ctx, {
    registerMessageKind: core.registerMessageKind,
  });
  await notifications.register(app, ctx);
  await wellbeing.register(app, ctx, { conversations: core });
  await registerSpa(
    app,
    config.webDist,
    config.jitsi.mode === 'public' ? null : `https://${config.jitsi.domain}`,
  );

  return Object.assign(app, {
    database,
    sweepExpired: core.sweep,
    cleanUpUploads: files.cleanup.run,
    purgeResources: library.purge,
    sendDueReminders: booked.sendDueReminders,
  });
}
