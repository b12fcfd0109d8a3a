import { getHeapStatistics } from 'node:v8';
import { createPrivateKey, randomBytes } from 'node:crypto';
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
  /** MIN_AGE: the age sign-up asks people to confirm (18 unless set). */
  minAge: number;
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
    /** Voice notes per user (the chat-API contract: 10 a minute). */
    voiceNotes: RateLimitRule;
    /** Uploads per user, every kind (pictures, documents, voice notes, avatars). */
    uploads: RateLimitRule;
    /** Message requests per user (the direct-messaging contract: 10 an hour). */
    messageRequests: RateLimitRule;
    /** Signed-out contact-form messages per address (POST /contact). */
    contact: RateLimitRule;
    /** Failed sign-ins per account (any address), beside the per-address `auth` limit. */
    loginFailures: RateLimitRule;
  };
  /** Bytes of uploaded files one user may keep at a time (sent or not yet sent). */
  uploadQuotaBytes: number;
  /** How long a deleted library resource (row and file) is kept before it goes for good. */
  resourcePurgeGraceMs: number;
  /** `required`: new listeners are offered to sharers only once an admin approves them. */
  listenerApproval: 'required' | 'off';
  /** How often expired listening chats are deleted; 0 turns the sweeper off. */
  sweepIntervalMs: number;
  /** How often unjoined chats and away listeners are released; 0 turns the check off. */
  staleCheckIntervalMs: number;
  /** How long a listener has to accept a chat request before it moves on (talk-now). */
  chatRequestTimeoutMs: number;
  /** A sharer gone from the page this long leaves the waiting list; 0 keeps them in line. */
  waitingListAwayMs: number;
  /** How often available listeners are counted for the dashboard; 0 turns the sampler off. */
  availabilitySampleMs: number;
  /** How long one HTTP request (headers and body) may take to arrive. */
  requestTimeoutMs: number;
  /** Sends one node works on at once; past it a send is refused at once with SERVER_BUSY. */
  sendQueueMax: number;
  /** HTTP back-pressure: past these, requests get 503 SERVER_BUSY (0 turns a check off). */
  pressure: { maxEventLoopDelayMs: number; maxHeapUsedBytes: number };
  /** OpenAPI document and explorer at /docs (default: on, except in production). */
  apiDocs: boolean;
  /**
   * Prometheus metrics: on the app's own port (`public`, the default outside production) and/or
   * on a port of their own (`port`, on `host`), which is the only place they are served in
   * production unless METRICS_PUBLIC=true.
   */
  metrics: { public: boolean; port: number | undefined; host: string };
  /** Booked sessions: reminders before the start, the late-cancellation window. */
  appointments: {
    /** Reminders, in minutes before the start (24 h and 15 min by default). */
    reminderMinutes: number[];
    /** How often due reminders are looked for; 0 turns reminders off. */
    reminderCheckMs: number;
    /** Cancelling closer than this to the start is allowed and recorded as late. */
    lateCancelMs: number;
  };
  /** The video rooms of booked sessions (Jitsi Meet). */
  jitsi: JitsiConfig;
}

/**
 * Where video rooms are: the deployment's own Jitsi with token auth (`jwt`, HS256 with a shared
 * secret), 8x8's Jitsi as a Service (`jaas`, RS256 with the tenant's key), or the public
 * meet.jit.si with an unguessable room name and no token (`public`).
 */
export type JitsiConfig = { domain: string; tokenGraceMs: number } & (
  | { mode: 'public' }
  | { mode: 'jwt'; appId: string; secret: string }
  | { mode: 'jaas'; appId: string; kid: string; privateKey: string }
);

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
  MIN_AGE: z.coerce.number().int().min(13).max(99).default(18),
  GOOGLE_JWKS_URL: z.url().default('https://www.googleapis.com/oauth2/v3/certs'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Kindred <no-reply@kindred.local>'),
  PUBLIC_URL: z.url('must be an address such as https://kindred.example.org').optional(),
  VAPID_PUBLIC_KEY: z.string().min(20).optional(),
  VAPID_PRIVATE_KEY: z.string().min(20).optional(),
  VAPID_SUBJECT: z.string().default('mailto:support@kindred.local'),
  PUSH_PUBLIC_ONLY: bool.optional(),
  NOTIFY_RETRY_LIMIT: z.coerce.number().int().min(0).default(5),
  NOTIFY_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).default(30),
  NOTIFY_JOB_EXPIRE_SECONDS: z.coerce.number().int().min(1).default(60),
  SEED_DEMO: bool.optional(),
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
  RATE_LIMIT_UPLOADS_PER_MIN: z.coerce.number().int().positive().default(20),
  UPLOAD_QUOTA_MB: z.coerce.number().int().positive().default(200),
  RESOURCE_PURGE_DAYS: z.coerce.number().min(0).default(7),
  RATE_LIMIT_MESSAGE_REQUESTS_PER_HOUR: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_CONTACT_PER_HOUR: z.coerce.number().int().positive().default(5),
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  LOGIN_FAILURE_WINDOW_MINUTES: z.coerce.number().int().min(1).max(60).default(15),
  LISTENER_APPROVAL: z.enum(['required', 'off']).default('required'),
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
  STALE_CHECK_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(5),
  CHAT_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(600).default(60),
  WAITING_LIST_AWAY_SECONDS: z.coerce.number().int().min(0).default(900),
  AVAILABILITY_SAMPLE_SECONDS: z.coerce.number().int().min(0).default(300),
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  SEND_QUEUE_MAX: z.coerce.number().int().min(1).default(500),
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(0),
  PRESSURE_MAX_HEAP_MB: z.coerce.number().int().min(0).optional(),
  API_DOCS: bool.optional(),
  METRICS_PUBLIC: bool.optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  APPOINTMENT_REMINDER_MINUTES: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be minutes before the start, e.g. 1440,15')
    .default('1440,15'),
  APPOINTMENT_REMINDER_CHECK_SECONDS: z.coerce.number().int().min(0).default(30),
  APPOINTMENT_LATE_CANCEL_HOURS: z.coerce.number().min(0).max(720).default(24),
  JITSI_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must be a host name such as meet.example.org')
    .optional(),
  JITSI_APP_ID: z.string().min(1).max(200).optional(),
  JITSI_APP_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  JITSI_KID: z.string().min(1).max(200).optional(),
  JITSI_PRIVATE_KEY: z.string().min(1).optional(),
  JITSI_TOKEN_GRACE_MINUTES: z.coerce.number().int().min(0).max(240).default(30),
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
    minAge: e.MIN_AGE,
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
    pushPublicOnly: e.PUSH_PUBLIC_ONLY ?? e.NODE_ENV === 'production',
    notificationJobs: {
      retryLimit: e.NOTIFY_RETRY_LIMIT,
      retryDelaySeconds: e.NOTIFY_RETRY_DELAY_SECONDS,
      expireSeconds: e.NOTIFY_JOB_EXPIRE_SECONDS,
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
      uploads: perMinute(e.RATE_LIMIT_UPLOADS_PER_MIN),
      messageRequests: { max: e.RATE_LIMIT_MESSAGE_REQUESTS_PER_HOUR, windowMs: 3_600_000 },
      contact: { max: e.RATE_LIMIT_CONTACT_PER_HOUR, windowMs: 3_600_000 },
      loginFailures: {
        max: e.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT,
        windowMs: e.LOGIN_FAILURE_WINDOW_MINUTES * 60_000,
      },
    },
    uploadQuotaBytes: e.UPLOAD_QUOTA_MB * 1024 * 1024,
    resourcePurgeGraceMs: e.RESOURCE_PURGE_DAYS * 24 * 3600 * 1000,
    listenerApproval: e.LISTENER_APPROVAL,
    sweepIntervalMs: e.SWEEP_INTERVAL_SECONDS * 1000,
    staleCheckIntervalMs: e.STALE_CHECK_INTERVAL_SECONDS * 1000,
    chatRequestTimeoutMs: e.CHAT_REQUEST_TIMEOUT_SECONDS * 1000,
    waitingListAwayMs: e.WAITING_LIST_AWAY_SECONDS * 1000,
    availabilitySampleMs: e.AVAILABILITY_SAMPLE_SECONDS * 1000,
    requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
    sendQueueMax: e.SEND_QUEUE_MAX,
    pressure: {
      maxEventLoopDelayMs: e.PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
      // By default: 90 % of the heap V8 may grow to.
      maxHeapUsedBytes:
        e.PRESSURE_MAX_HEAP_MB === undefined
          ? Math.floor(getHeapStatistics().heap_size_limit * 0.9)
          : e.PRESSURE_MAX_HEAP_MB * 1024 * 1024,
    },
    apiDocs: e.API_DOCS ?? e.NODE_ENV !== 'production',
    metrics: {
      public: e.METRICS_PUBLIC ?? e.NODE_ENV !== 'production',
      port: e.METRICS_PORT,
      host: e.METRICS_HOST,
    },
    appointments: {
      reminderMinutes: [
        ...new Set(
          e.APPOINTMENT_REMINDER_MINUTES.split(',')
            .map((m) => Number(m.trim()))
            .filter((m) => m > 0),
        ),
      ].sort((a, b) => b - a),
      reminderCheckMs: e.APPOINTMENT_REMINDER_CHECK_SECONDS * 1000,
      lateCancelMs: e.APPOINTMENT_LATE_CANCEL_HOURS * 3_600_000,
    },
    jitsi: jitsiConfig(e),
  };
}

/** The video-room setting from the JITSI_* variables; a half-given one fails at start. */
function jitsiConfig(e: z.infer<typeof envSchema>): JitsiConfig {
  const tokenGraceMs = e.JITSI_TOKEN_GRACE_MINUTES * 60_000;
  const fail = (line: string) => {
    throw new ConfigError(`Invalid configuration:\n  ${line}`);
  };
  if (e.JITSI_KID || e.JITSI_PRIVATE_KEY) {
    if (!e.JITSI_KID) fail('JITSI_KID: required with JITSI_PRIVATE_KEY (JaaS)');
    if (!e.JITSI_PRIVATE_KEY) fail('JITSI_PRIVATE_KEY: required with JITSI_KID (JaaS)');
    const kid = e.JITSI_KID!;
    // Keys are often given on one line with \n for the line breaks.
    const privateKey = e.JITSI_PRIVATE_KEY!.replace(/\\n/g, '\n');
    try {
      const key = createPrivateKey(privateKey);
      if (key.asymmetricKeyType !== 'rsa') fail('JITSI_PRIVATE_KEY: must be an RSA key (RS256)');
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      fail('JITSI_PRIVATE_KEY: must be a PEM private key (-----BEGIN PRIVATE KEY-----)');
    }
    // The kid is `<tenant>/<key id>`; the tenant (vpaas-magic-cookie-…) is the app id.
    const appId = e.JITSI_APP_ID ?? kid.split('/')[0]!;
    return {
      mode: 'jaas',
      domain: e.JITSI_DOMAIN ?? '8x8.vc',
      appId,
      kid,
      privateKey,
      tokenGraceMs,
    };
  }
  if (e.JITSI_APP_ID || e.JITSI_APP_SECRET) {
    if (!e.JITSI_APP_ID) fail('JITSI_APP_ID: required with JITSI_APP_SECRET');
    if (!e.JITSI_APP_SECRET) fail('JITSI_APP_SECRET: required with JITSI_APP_ID');
    if (!e.JITSI_DOMAIN) fail('JITSI_DOMAIN: required with JITSI_APP_ID and JITSI_APP_SECRET');
    return {
      mode: 'jwt',
      domain: e.JITSI_DOMAIN!,
      appId: e.JITSI_APP_ID!,
      secret: e.JITSI_APP_SECRET!,
      tokenGraceMs,
    };
  }
  // Without token auth, only the public server makes sense: a domain alone is used as given.
  return { mode: 'public', domain: e.JITSI_DOMAIN ?? 'meet.jit.si', tokenGraceMs };
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
