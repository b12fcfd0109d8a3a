import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { limits } from '@kindred/protocol';
import Fastify, { type FastifyBaseLogger, type FastifyReply } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import type { Config } from './config';
import { errors } from './lib/errors';
import type { App } from './lib/module';
import { memoryRateLimiter, type RateLimiter, redisRateLimiter } from './lib/rate-limit';
import { hasUnstorableText, unstorableText } from './lib/text';
import { registerErrorHandling } from './plugins/errors';
import { registerMetrics } from './plugins/metrics';
import { registerPressure } from './lib/pressure';
import { registerSecurity } from './plugins/security';

/** Trust the nearest `hops` proxies: the client address is the one they saw, not one it claims. */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Fastify with zod validation, the error body everywhere, and input the database can store. */
export function createServer(config: Config): App {
  const app = Fastify({
    logger: { level: config.logLevel },
    trustProxy:
      typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: limits.jsonBodyMaxBytes,
    // A request whose body never finishes is answered 408 and closed, not held open: Node checks
    // open requests every second (its default is every 30 s).
    serverFactory: (handler) => {
      const server = createHttpServer(
        { requestTimeout: config.requestTimeoutMs, connectionsCheckingInterval: 1000 },
        handler,
      );
      // Longer than a proxy's keep-alive, as Fastify's own default, so the proxy closes first.
      server.keepAliveTimeout = 72_000;
      return server;
    },
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
  return app as unknown as App;
}

/**
 * Redis when configured. No offline queue: when Redis is away, a command fails at once (limits
 * fail open) instead of piling up; so the connection is made before anything uses it.
 */
export async function openRedis(config: Config, log: FastifyBaseLogger) {
  if (!config.redisUrl) return undefined;
  const redis = new Redis(config.redisUrl, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: true,
  });
  redis.on('error', (error) => log.warn({ err: error }, 'redis error'));
  await redis.connect();
  return redis;
}

/** Rate limits shared through Redis across nodes, or in memory on a single node. */
export function createLimiter(redis: Redis | undefined, config: Config, log: FastifyBaseLogger) {
  const limiter: RateLimiter = redis
    ? redisRateLimiter(redis, config.redisPrefix, (error) =>
        log.warn({ err: error }, 'rate limiter unavailable; allowing request'),
      )
    : memoryRateLimiter();
  return limiter;
}

/** Security headers, CORS, cookies, multipart, OpenAPI at /docs and Prometheus metrics. */
export async function registerPlatformPlugins(app: App, config: Config) {
  registerSecurity(app, config.corsOrigins, { hsts: config.env === 'production' });
  await registerPressure(app, config.pressure);
  if (config.corsOrigins.length > 0) {
    await app.register(fastifyCors, { origin: config.corsOrigins, credentials: true });
  }
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, {
    limits: { fileSize: limits.avatarMaxBytes, files: 1, fields: 4, parts: 5 },
  });
  // The OpenAPI document is built from the routes either way (tests read it); served on request.
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
  if (config.apiDocs) {
    await app.register(fastifySwaggerUi, {
      routePrefix: '/docs',
      // The explorer's own scripts and styles by hash; nothing else runs, nothing frames it.
      staticCSP: true,
      transformStaticCSP: (header) =>
        header
          .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
          .replace(' validator.swagger.io', '')
          .replace(' upgrade-insecure-requests;', '')
          .replace("style-src 'self' https:", "style-src 'self'")
          .replace("font-src 'self' https: data:", "font-src 'self' data:"),
    });
  }
  registerMetrics(app, config.metrics);
}
