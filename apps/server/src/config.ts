import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TYPING_INTERVAL_MS } from '@kindred/protocol';
import webPush from 'web-push';
import { z } from 'zod';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface RateLimitRule {
  max: number;
  windowMs: number;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  /** undefined: PGlite on disk under dataDir; `memory://`: PGlite in memory (tests). */
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Prefix for every Redis key, so test runs sharing one Redis never see each other. */
  redisPrefix: string;
  jwtSecret: string;
  corsOrigins: string[];
  googleClientId: string | undefined;
  googleJwksUrl: string;
  smtpUrl: string | undefined;
  /** Sender of every e-mail. */
  mailFrom: string;
  /** The address people use, for links in e-mails (default: this server's own address). */
  publicUrl: string;
  /**
   * Web Push (VAPID) keys; generated into DATA_DIR outside production like the JWT secret. In
   * production every node needs the same keys, so without them Web Push is off.
   */
  vapid: { publicKey: string; privateKey: string; subject: string } | undefined;
  /**
   * Push endpoints must be public HTTPS addresses (on in production): a browser's subscription
   * cannot make the server call its own network.
   */
  pushPublicOnly: boolean;
  /** Notification jobs: retries, and how long a job may run before another node takes it over. */
  notificationJobs: { retryLimit: number; retryDelaySeconds: number; expireSeconds: number };
  seedDemo: boolean;
  /** Built SPA to serve; undefined serves the API alone. */
  webDist: string | undefined;
  logLevel: string;
  /** false, true (every hop), a hop count, or a list of proxy addresses/CIDRs (Fastify semantics). */
  trustProxy: boolean | number | string;
  rateLimits: {
    auth: RateLimitRule;
    api: RateLimitRule;
    admin: RateLimitRule;
    messages: RateLimitRule;
    typing: RateLimitRule;
    /** Voice notes per user (seed 003: 10 a minute). */
    voiceNotes: RateLimitRule;
    /** Message requests per user (seed 004: 10 an hour). */
    messageRequests: RateLimitRule;
  };
  /** `required`: new listeners are offered to sharers only once an admin approves them. */
  listenerApproval: 'required' | 'off';
  /** How often expired listening chats are deleted; 0 turns the sweeper off. */
  sweepIntervalMs: number;
  /** How often unjoined chats and away listeners are released; 0 turns the check off. */
  staleCheckIntervalMs: number;
  /** How often available listeners are counted for the dashboard; 0 turns the sampler off. */
  availabilitySampleMs: number;
  /** How long one HTTP request (headers and body) may take to arrive. */
  requestTimeoutMs: number;
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => ['true', '1', 'yes'].includes(value));
const list = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url('each entry must be an origin such as https://app.example.org')));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .refine(
      (value) => /^postgres(ql)?:\/\//.test(value) || value === 'memory://',
      'must start with postgres:// or postgresql://',
    )
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  REDIS_PREFIX: z.string().default('kindred:'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CORS_ORIGINS: list.optional(),
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_JWKS_URL: z.url().default('https://www.googleapis.com/oauth2/v3/certs'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Kindred <no-reply@kindred.local>'),
  PUBLIC_URL: z.url('must be an address such as https://kindred.example.org').optional(),
  VAPID_PUBLIC_KEY: z.string().min(20).optional(),
  VAPID_PRIVATE_KEY: z.string().min(20).optional(),
  VAPID_SUBJECT: z.string().default('mailto:support@kindred.local'),
  NOTIFY_RETRY_LIMIT: z.coerce.number().int().min(0).default(5),
  NOTIFY_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).default(30),
  NOTIFY_JOB_EXPIRE_SECONDS: z.coerce.number().int().min(1).default(60),
  SEED_DEMO: bool.optional(),
  PUSH_PUBLIC_ONLY: bool.optional(),
  WEB_DIST: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d+|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/,
      'must be true, false, a hop count, or comma-separated proxy addresses',
    )
    .default('false'),
  RATE_LIMIT_AUTH_PER_MIN: z.coerce.number().int().positive().default(5),
  RATE_LIMIT_API_PER_MIN: z.coerce.number().int().positive().default(100),
  RATE_LIMIT_ADMIN_PER_MIN: z.coerce.number().int().positive().default(200),
  RATE_LIMIT_MESSAGES_PER_MIN: z.coerce.number().int().positive().default(30),
  RATE_LIMIT_VOICE_NOTES_PER_MIN: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_MESSAGE_REQUESTS_PER_HOUR: z.coerce.number().int().positive().default(10),
  LISTENER_APPROVAL: z.enum(['required', 'off']).default('required'),
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
  STALE_CHECK_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(5),
  RATE_LIMIT_UPLOADS_PER_MIN: z.coerce.number().int().positive().default(20),
  UPLOAD_QUOTA_MB: z.coerce.number().int().positive().default(200),
  AVAILABILITY_SAMPLE_SECONDS: z.coerce.number().int().min(0).default(300),
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
});

/** Thrown when the environment is unusable; the message names each bad variable. */
export class ConfigError extends Error {}

/** Parse the environment once. Fails fast, naming the variable that is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR ?? path.join(repoRoot, 'data'));
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required in production');
  }
  const defaultDist = path.join(repoRoot, 'apps/web/dist');
  const perMinute = (max: number): RateLimitRule => ({ max, windowMs: 60_000 });
  return {
    env: e.NODE_ENV,
    // Locally only this machine can reach the demo accounts; a deployment listens everywhere.
    host: e.HOST ?? (e.NODE_ENV === 'production' ? '0.0.0.0' : 'localhost'),
    port: e.PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    jwtSecret: e.JWT_SECRET ?? devSecret(dataDir),
    corsOrigins: e.CORS_ORIGINS ?? [],
    googleClientId: e.GOOGLE_CLIENT_ID,
    googleJwksUrl: e.GOOGLE_JWKS_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    vapid:
      e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY
        ? {
            publicKey: e.VAPID_PUBLIC_KEY,
            privateKey: e.VAPID_PRIVATE_KEY,
            subject: e.VAPID_SUBJECT,
          }
        : e.NODE_ENV === 'production'
          ? undefined
          : { ...devVapidKeys(dataDir), subject: e.VAPID_SUBJECT },
    notificationJobs: {
      retryLimit: e.NOTIFY_RETRY_LIMIT,
      retryDelaySeconds: e.NOTIFY_RETRY_DELAY_SECONDS,
      expireSeconds: e.NOTIFY_JOB_EXPIRE_SECONDS,
    pushPublicOnly: e.PUSH_PUBLIC_ONLY ?? e.NODE_ENV === 'production',
    },
    // Demo accounts have published passwords: never created in production unless asked for.
    seedDemo: e.SEED_DEMO ?? e.NODE_ENV !== 'production',
    webDist: e.WEB_DIST ?? (existsSync(defaultDist) ? defaultDist : undefined),
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    rateLimits: {
      auth: perMinute(e.RATE_LIMIT_AUTH_PER_MIN),
      api: perMinute(e.RATE_LIMIT_API_PER_MIN),
      admin: perMinute(e.RATE_LIMIT_ADMIN_PER_MIN),
      messages: perMinute(e.RATE_LIMIT_MESSAGES_PER_MIN),
      typing: { max: 1, windowMs: TYPING_INTERVAL_MS },
      voiceNotes: perMinute(e.RATE_LIMIT_VOICE_NOTES_PER_MIN),
      messageRequests: { max: e.RATE_LIMIT_MESSAGE_REQUESTS_PER_HOUR, windowMs: 3_600_000 },
    },
    listenerApproval: e.LISTENER_APPROVAL,
    sweepIntervalMs: e.SWEEP_INTERVAL_SECONDS * 1000,
    staleCheckIntervalMs: e.STALE_CHECK_INTERVAL_SECONDS * 1000,
    availabilitySampleMs: e.AVAILABILITY_SAMPLE_SECONDS * 1000,
    requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** In development the signing secret is generated once and kept in DATA_DIR, so restarts keep sessions. */
function devSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** In development the Web Push keys are generated once and kept in DATA_DIR, like the secret. */
function devVapidKeys(dataDir: string): { publicKey: string; privateKey: string } {
  const file = path.join(dataDir, 'vapid-keys.json');
  if (existsSync(file))
    return JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof devVapidKeys>;
  mkdirSync(dataDir, { recursive: true });
  const keys = webPush.generateVAPIDKeys();
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}
