import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Database, Db } from '../db/client';
import type { Notifier } from '../realtime/notifier';
import type { PresenceStore } from '../realtime/presence';
import type { Realtime } from '../realtime/gateway';
import type { Clock } from './clock';
import type { EventBus } from './events';
import type { Jobs } from './jobs';
import type { RateLimiter } from './rate-limit';

/** The Fastify instance modules register their routes on. */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Everything a module may use from the platform, built once by `buildApp`. */
export interface ModuleContext {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  /** The random part of match scores; tests fix it. */
  random: () => number;
  limiter: RateLimiter;
  notifier: Notifier;
  presence: PresenceStore;
  realtime: Realtime;
  events: EventBus;
  jobs: Jobs;
  log: FastifyBaseLogger;
  redis: Redis | undefined;
}
