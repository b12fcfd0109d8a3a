import type { FastifyInstance } from 'fastify';
import type { Config } from './config';
import { type Database, openDatabase } from './db/client';
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
import { type Clock, systemClock } from './lib/clock';
import { errors } from './lib/errors';
import { createEventBus } from './lib/events';
import { createJobs } from './lib/jobs';
import type { ModuleContext } from './lib/module';
import { createLimiter, createServer, openRedis, registerPlatformPlugins } from './platform';
import { healthRoutes } from './plugins/health';
import { registerSpa } from './plugins/spa';
import { attachGateway, createSocketServer, type SocketClaims } from './realtime/gateway';
import { socketNotifier } from './realtime/notifier';
import { memoryPresence, redisPresence } from './realtime/presence';

export interface AppOverrides {
  clock?: Clock;
  /** The random part of match scores; tests fix it to check exact scores. */
  random?: () => number;
}

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
  const clock = overrides.clock ?? systemClock;
  const app = createServer(config);
  const log = app.log;
  const database = await openDatabase({
    ...config,
    purpose: `server on ${config.host}:${config.port}`,
  });
  const redis = await openRedis(config, log);
  const sockets = createSocketServer({
    httpServer: app.server,
    corsOrigins: config.corsOrigins,
    redis,
    onPublishError: (error) => log.warn({ err: error }, 'socket broadcast not published'),
  });
  const { io } = sockets;
  const presence = redis
    ? redisPresence(redis, config.redisPrefix, function* () {
        for (const s of io.of('/').sockets.values())
          yield { userId: s.data.userId, socketId: s.id };
      })
    : memoryPresence(() => clock.now());
  const jobs = createJobs({ database, log });
  const limiter = createLimiter(redis, config, log);
  let verifyToken: (token: string) => Promise<SocketClaims> = async () => {
    throw errors.unavailable();
  };
  let assertTokenValid: (claims: SocketClaims) => void = () => {};
  const ctx: ModuleContext = {
    config,
    database,
    db: database.db,
    clock,
    random: overrides.random ?? Math.random,
    limiter,
    notifier: socketNotifier(io),
    presence,
    realtime: attachGateway(io, {
      verify: (token) => verifyToken(token),
      assertValid: (claims) => assertTokenValid(claims),
      now: () => clock.now(),
      limiter,
      // Sends: the message limit, twice over for retries of stored messages.
      budgets: { send_message: config.rateLimits.messages.max * 2 },
      presence,
      log,
      isClosing: sockets.isClosing,
    }),
    events: createEventBus({ db: database.db, log }),
    jobs,
    log,
    redis,
  };
  app.addHook('onReady', () => jobs.start());
  // Open sockets would keep the HTTP server from closing, so they go first.
  // Draining (SIGTERM in a rolling deploy): take no new work, finish what runs, let the sockets go
  // and record their disconnects, and only then (onClose) close the database pool.
  app.addHook('preClose', async () => {
    sockets.stopTakingWork();
    await ctx.realtime.drain();
    sockets.disconnectAll();
    await ctx.realtime.drain();
    ctx.realtime.close();
    await jobs.stop();
    await ctx.events.settled();
    sockets.close();
    presence.close();
  });
  app.addHook('onClose', async () => {
    await database.close();
    redis?.disconnect();
  });
  if (config.seedDemo) {
    const created = await seedIfEmpty(database.db, { dataDir: config.dataDir });
    if (created > 0) log.info({ created }, 'demo users created');
  }

  await registerPlatformPlugins(app, config);
  await app.register(healthRoutes, {
    ping: async () => {
      await database.ping();
      await redis?.ping();
    },
  });
  const people = await identity.register(app, ctx);
  verifyToken = people.verifyAccessToken;
  assertTokenValid = (claims) => people.revocations.assertValid(claims);
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
  await registerSpa(app, config.webDist);

  app.decorate('database', database);
  app.decorate('sweepExpired', core.sweep);
  app.decorate('cleanUpUploads', files.cleanup.run);
  app.decorate('purgeResources', library.purge);
  app.decorate('sendDueReminders', booked.sendDueReminders);
  app.addHook('onReady', async () => {
    if (
      !(await database.ping().then(
        () => true,
        () => false,
      ))
    )
      throw errors.unavailable();
  });
  return app as unknown as KindredApp;
}
