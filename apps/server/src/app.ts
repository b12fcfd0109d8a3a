import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { apiPrefix, limits } from '@kindred/protocol';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import type { Config } from './config';
import { type Database, openDatabase } from './db/client';
import { createAuthService } from './features/identity/auth.service';
import { createGoogleVerifier } from './features/identity/google';
import { authRoutes, publicConfigRoutes } from './features/identity/auth.routes';
import { createRevocations, REVOCATION_REFRESH_MS } from './features/identity/revocations';
import { createTokenSigner } from './features/identity/tokens';
import { createAdminService } from './features/admin/admin.service';
import { sampleAvailability } from './features/admin/availability-sampler';
import { createModerationService } from './features/admin/moderation.service';
import { adminRoutes, noticesRoutes } from './features/admin/routes';
import { seedIfEmpty } from './features/demo/seed';
import { healthRoutes } from './plugins/health';
import { avatarStore } from './features/identity/avatar-files';
import { attachmentStore } from './features/attachments/attachment-files';
import { createAttachmentsService } from './features/attachments/attachments.service';
import { attachmentsRoutes } from './features/attachments/routes';
import { usersRoutes } from './features/identity/users.routes';
import { createUsersService } from './features/identity/users.service';
import { sweepExpired } from './features/conversations/sweeper';
import { createMessagesService } from './features/conversations/messages.service';
import { messagesRoutes } from './features/conversations/messages.routes';
import { createBlocksService } from './features/safety/blocks.service';
import { createDirectService } from './features/direct/conversations.service';
import { createRequestsService } from './features/direct/requests.service';
import { directRoutes } from './features/direct/routes';
import { createFeedbackService } from './features/listening/feedback.service';
import { feedbackRoutes } from './features/listening/feedback.routes';
import { createMatchingService } from './features/listening/matching.service';
import { matchingRoutes } from './features/listening/matching.routes';
import { createReportsService } from './features/safety/reports.service';
import { reportsRoutes } from './features/safety/reports.routes';
import { sessionsRoutes } from './features/listening/sessions.routes';
import { createSessionsService } from './features/listening/sessions.service';
import { createListenersService } from './features/listening/listeners.service';
import { adminListenersRoutes, listenersRoutes } from './features/listening/listeners.routes';
import { adminSupportRoutes, supportRoutes } from './features/support/routes';
import { createSupportService } from './features/support/support.service';
import { attachGateway, createSocketServer } from './realtime/gateway';
import { socketNotifier, userRoom } from './realtime/notifier';
import { memoryPresence, redisPresence } from './realtime/presence';
import { type Clock, systemClock } from './lib/clock';
import { errors } from './lib/errors';
import { hasUnstorableText, unstorableText } from './lib/text';
import { memoryRateLimiter, type RateLimiter, redisRateLimiter } from './lib/rate-limit';
import authPlugin from './plugins/auth';
import { registerErrorHandling } from './plugins/errors';
import { registerMetrics } from './plugins/metrics';
import { registerSecurity } from './plugins/security';
import { registerSpa } from './plugins/spa';

export interface AppOverrides {
  clock?: Clock;
  /** The random part of match scores; tests fix it to check exact scores. */
  random?: () => number;
}

export interface KindredApp extends FastifyInstance {
  database: Database;
}

/** Trust the nearest `hops` proxies: the client address is the one they saw, not one it claims. */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Builds the whole application from its config: plugins and features, nothing else. */
export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<KindredApp> {
  const clock = overrides.clock ?? systemClock;
  const app = Fastify({
    logger: { level: config.logLevel },
    trustProxy:
      typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: limits.jsonBodyMaxBytes,
    // The router refuses malformed URLs and over-long path parameters before any route runs;
    // they still leave as the error body.
    frameworkErrors: (error, _request, reply) => {
      const message =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 'A part of the address is too long'
          : 'The address is not valid';
      const body = errors.validation([{ path: 'url', message }], message).toBody();
      void (reply as unknown as FastifyReply).status(400).send(body);
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  // Query strings and path parameters may carry the same unstorable text (e.g. `%00`).
  app.addHook('preValidation', async (request) => {
    if (hasUnstorableText(request.query) || hasUnstorableText(request.params)) {
      throw unstorableText();
    }
  });

  // An empty JSON body means "no body", so clients may POST with a JSON content type and nothing else.
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') return done(null, undefined);
    defaultJson(request, text, (error, parsed) => {
      // NUL and lone surrogates only arrive escaped; the database cannot store them: a 400.
      if (!error && text.includes('\\u') && hasUnstorableText(parsed)) {
        return done(unstorableText());
      }
      done(error, parsed);
    });
  });

  const database = await openDatabase(config);
  app.decorate('database', database);
  // No offline queue: when Redis is away, a command fails at once (limits fail open) instead of
  // piling up; so the connection is made before anything uses it.
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        lazyConnect: true,
      })
    : undefined;
  redis?.on('error', (error) => app.log.warn({ err: error }, 'redis error'));
  await redis?.connect();
  app.addHook('onClose', async () => {
    await database.close();
    redis?.disconnect();
  });
  const limiter: RateLimiter = redis
    ? redisRateLimiter(redis, config.redisPrefix, (error) =>
        app.log.warn({ err: error }, 'rate limiter unavailable; allowing request'),
      )
    : memoryRateLimiter();

  if (config.seedDemo) {
    const created = await seedIfEmpty(database.db);
    if (created > 0) app.log.info({ created }, 'demo users created');
  }

  const signer = createTokenSigner(config.jwtSecret, () => clock.now());
  // Bans reach every node: in memory here, broadcast through Redis, re-read from the database.
  const revocations = createRevocations({
    db: database.db,
    clock,
    redis,
    channel: `${config.redisPrefix}revocations`,
    log: app.log,
  });
  await revocations.start();
  app.addHook('onClose', async () => revocations.close());
  const revocationRefresh = setInterval(() => {
    revocations
      .refresh()
      .catch((error: unknown) => app.log.warn({ err: error }, 'revocation refresh failed'));
  }, REVOCATION_REFRESH_MS);
  revocationRefresh.unref();
  app.addHook('preClose', async () => clearInterval(revocationRefresh));
  const verifyGoogle = createGoogleVerifier({
    clientId: config.googleClientId,
    jwksUrl: config.googleJwksUrl,
    now: () => clock.now(),
  });
  const auth = createAuthService({ db: database.db, clock, signer, verifyGoogle });
  const avatars = avatarStore(config.dataDir);
  const users = createUsersService({ db: database.db, clock, avatars });

  const {
    io,
    close: closeSockets,
    isClosing,
  } = createSocketServer({
    httpServer: app.server,
    corsOrigins: config.corsOrigins,
    redis,
    onPublishError: (error) => app.log.warn({ err: error }, 'socket broadcast not published'),
  });
  const presence = redis
    ? redisPresence(redis, config.redisPrefix, function* () {
        for (const socket of io.of('/').sockets.values()) {
          yield { userId: socket.data.userId, socketId: socket.id };
        }
      })
    : memoryPresence(() => clock.now());
  const messages = createMessagesService({
    db: database.db,
    clock,
    limiter,
    messageRule: config.rateLimits.messages,
    typingRule: config.rateLimits.typing,
    notifier: socketNotifier(io as never),
    presence,
  });
  const matching = createMatchingService({
    db: database.db,
    clock,
    random: overrides.random ?? Math.random,
    listenerApproval: config.listenerApproval,
  });
  const sessions = createSessionsService({
    db: database.db,
    clock,
    notifier: socketNotifier(io as never),
    presence,
    matching,
    listenerApproval: config.listenerApproval,
  });
  const feedback = createFeedbackService({ db: database.db });
  const requests = createRequestsService({
    db: database.db,
    clock,
    limiter,
    requestRule: config.rateLimits.messageRequests,
    notifier: socketNotifier(io as never),
    presence,
    messages,
    listenerApproval: config.listenerApproval,
  });
  const blocks = createBlocksService({ db: database.db, sessions, requests });
  const reports = createReportsService({ db: database.db });
  const direct = createDirectService({
    db: database.db,
    clock,
    presence,
    notifier: socketNotifier(io as never),
    messages,
    requests,
    reports,
  });
  const attachments = createAttachmentsService({
    db: database.db,
    clock,
    store: attachmentStore(config.dataDir),
    limiter,
    voiceNoteRule: config.rateLimits.voiceNotes,
  });
  const listeners = createListenersService({
    db: database.db,
    clock,
    notifier: socketNotifier(io as never),
    sessions,
    listenerApproval: config.listenerApproval,
  });
  const support = createSupportService({ db: database.db, clock, messages });
  const admin = createAdminService({
    db: database.db,
    clock,
    notifier: socketNotifier(io as never),
    revocations,
    sessions,
    disconnectUser: (userId) => io.in(userRoom(userId)).disconnectSockets(true),
  });
  const moderation = createModerationService({
    db: database.db,
    clock,
    notifier: socketNotifier(io as never),
    messages,
    ban: admin.ban,
  });
  attachGateway(io, {
    db: database.db,
    signer,
    revocations,
    messages,
    sessions,
    presence,
    log: app.log,
    isClosing,
  });
  // Open sockets would keep the HTTP server from closing, so they go first.
  app.addHook('preClose', async () => {
    closeSockets();
    presence.close();
  });

  // Every node checks; closing a chat only succeeds while it is still active, so they never clash.
  if (config.staleCheckIntervalMs > 0) {
    const staleCheck = setInterval(() => {
      sessions
        .releaseStale()
        .catch((error: unknown) => app.log.warn({ err: error }, 'stale session check failed'));
    }, config.staleCheckIntervalMs);
    staleCheck.unref();
    app.addHook('preClose', async () => clearInterval(staleCheck));
  }

  if (config.sweepIntervalMs > 0) {
    const sweeper = setInterval(() => {
      sweepExpired(database.db, clock.now())
        .then((swept) => swept && app.log.debug(swept, 'expired conversations swept'))
        .catch((error: unknown) => app.log.warn({ err: error }, 'sweep failed'));
    }, config.sweepIntervalMs);
    sweeper.unref();
    app.addHook('preClose', async () => clearInterval(sweeper));
  }

  if (config.availabilitySampleMs > 0) {
    const sample = () =>
      sampleAvailability(database.db, clock.now(), config.availabilitySampleMs).catch(
        (error: unknown) => app.log.warn({ err: error }, 'availability sample failed'),
      );
    // One at start, so a new deployment's dashboard has a point before the first interval ends.
    app.addHook('onReady', async () => void (await sample()));
    const sampler = setInterval(() => void sample(), config.availabilitySampleMs);
    sampler.unref();
    app.addHook('preClose', async () => clearInterval(sampler));
  }

  registerSecurity(app, config.corsOrigins);
  if (config.corsOrigins.length > 0) {
    await app.register(fastifyCors, { origin: config.corsOrigins, credentials: true });
  }
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, {
    limits: { fileSize: limits.avatarMaxBytes, files: 1, fields: 4, parts: 5 },
  });
  await app.register(authPlugin, {
    signer,
    limiter,
    rateLimits: config.rateLimits,
    revocations,
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Kindred API',
        version: '1',
        description: 'REST API of Kindred. Errors: { success: false, error, code, details? }.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  registerMetrics(app);

  await app.register(healthRoutes, {
    ping: async () => {
      await database.ping();
      await redis?.ping();
    },
  });
  await app.register(publicConfigRoutes, {
    prefix: apiPrefix,
    googleClientId: config.googleClientId,
  });
  await app.register(authRoutes, {
    prefix: `${apiPrefix}/auth`,
    auth,
    secureCookies: config.env === 'production',
    googleClientId: config.googleClientId,
  });
  await app.register(usersRoutes, {
    prefix: `${apiPrefix}/users`,
    users,
    avatars,
    sessions,
    blocks,
  });
  await app.register(matchingRoutes, { prefix: `${apiPrefix}/match`, matching, sessions });
  await app.register(sessionsRoutes, { prefix: `${apiPrefix}/chat/sessions`, sessions });
  await app.register(feedbackRoutes, { prefix: apiPrefix, feedback });
  await app.register(reportsRoutes, { prefix: apiPrefix, reports });
  await app.register(messagesRoutes, { prefix: apiPrefix, messages });
  await app.register(directRoutes, { prefix: apiPrefix, direct, requests });
  await app.register(attachmentsRoutes, { prefix: apiPrefix, attachments });
  await app.register(adminRoutes, { prefix: `${apiPrefix}/admin`, admin, moderation });
  await app.register(noticesRoutes, { prefix: `${apiPrefix}/users`, moderation });
  await app.register(listenersRoutes, { prefix: `${apiPrefix}/listeners`, listeners });
  await app.register(adminListenersRoutes, { prefix: `${apiPrefix}/admin/listeners`, listeners });
  await app.register(supportRoutes, { prefix: `${apiPrefix}/support`, support });
  await app.register(adminSupportRoutes, { prefix: `${apiPrefix}/admin/support`, support });
  await registerSpa(app, config.webDist);
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
