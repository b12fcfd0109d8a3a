import type { Config } from './config';
import { openDatabase } from './db/client';
import { type Clock, systemClock } from './lib/clock';
import { errors } from './lib/errors';
import { createEventBus } from './lib/events';
import { createJobs } from './lib/jobs';
import type { App, ModuleContext } from './lib/module';
import { createLimiter, openRedis } from './platform';
import { attachGateway, createSocketServer, type SocketClaims } from './realtime/gateway';
import { socketNotifier } from './realtime/notifier';
import { memoryPresence, redisPresence } from './realtime/presence';

export interface ContextOverrides {
  clock?: Clock;
  /** The random part of match scores; tests fix it to check exact scores. */
  random?: () => number;
}

/** How sockets check the token they connect with: identity provides it once it is registered. */
export interface SocketAuth {
  verify(token: string): Promise<SocketClaims>;
  assertValid(claims: SocketClaims): void;
}

/**
 * Everything modules share (database, Redis, sockets, presence, limits, events, jobs), opened in
 * order and closed in the reverse order by the app's lifecycle hooks.
 */
export async function createModuleContext(
  app: App,
  config: Config,
  overrides: ContextOverrides,
): Promise<{ ctx: ModuleContext; useSocketAuth(auth: SocketAuth): void }> {
  const clock = overrides.clock ?? systemClock;
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
    redisPrefix: config.redisPrefix,
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
  // Until identity is registered no socket can be verified.
  let auth: SocketAuth = {
    verify: async () => {
      throw errors.unavailable();
    },
    assertValid: () => {},
  };
  const ctx: ModuleContext = {
    config,
    database,
    db: database.db,
    clock,
    random: overrides.random ?? Math.random,
    limiter,
    notifier: socketNotifier(io, sockets.bus),
    presence,
    realtime: attachGateway(io, {
      verify: (token) => auth.verify(token),
      assertValid: (claims) => auth.assertValid(claims),
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
  // Ready only once the database answers.
  app.addHook('onReady', async () => {
    const reachable = await database.ping().then(
      () => true,
      () => false,
    );
    if (!reachable) throw errors.unavailable();
  });
  return {
    ctx,
    useSocketAuth: (given) => {
      auth = given;
    },
  };
}
