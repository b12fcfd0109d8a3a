import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import {
  type Ack,
  type ClientToServerEvents,
  reauthenticateSchema,
  SOCKET_PAYLOAD_MAX_BYTES,
  SOCKETS_PER_USER_MAX,
  socketEventBudgetsPerMinute,
} from '@kindred/protocol';
import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { z } from 'zod';
import { createLimiter } from '../lib/concurrency';
import { databaseUnavailable } from '../lib/db-errors';
import { AppError, errors } from '../lib/errors';
import type { RateLimiter } from '../lib/rate-limit';
import { hasUnstorableText, unstorableText } from '../lib/text';
import { originAllowed } from '../plugins/security';
import { type ClusterBus, sessionRoom, userRoom } from './notifier';
import type { KindredServer, KindredSocket } from './types';
import type { PresenceStore } from './presence';

/** The Socket.IO server on the app's HTTP server, with the Redis adapter when configured. */
export function createSocketServer(options: {
  httpServer: HttpServer;
  corsOrigins: string[];
  redis: Redis | undefined;
  /** Names this deployment's channels on a shared Redis (`REDIS_PREFIX`). */
  redisPrefix?: string;
  onPublishError?: (error: unknown) => void;
}): {
  io: KindredServer;
  /** The other nodes, for the notifier's one-publication fan-out; undefined on a lone node. */
  bus: ClusterBus | undefined;
  close: () => void;
  isClosing: () => boolean;
  stopTakingWork: () => void;
  disconnectAll: () => void;
} {
  const { corsOrigins, redis } = options;
  let closing = false;
  const io: KindredServer = new Server(options.httpServer, {
    path: '/socket.io',
    serveClient: false,
    // A hard cap on one frame; anything above the 16 KB payload limit is refused politely below.
    maxHttpBufferSize: 64 * 1024,
    // A node that is shutting down takes no new connection: the client tries again elsewhere.
    allowRequest: (req, callback) =>
      callback(null, !closing && originAllowed(req.headers, corsOrigins)),
    cors: corsOrigins.length > 0 ? { origin: corsOrigins, credentials: true } : undefined,
  });
  // The adapter subscribes as soon as it exists, so its connections queue until they are up.
  // The publisher pipelines what is published in one event-loop turn (a busy chat node emits
  // a message to each member in turn): one write to Redis for many broadcasts instead of one each.
  const pubSub = redis
    ? [true, false].map((enableAutoPipelining) =>
        redis.duplicate({ lazyConnect: false, enableOfflineQueue: true, enableAutoPipelining }),
      )
    : [];
  const [pub, sub] = pubSub;
  if (pub && sub) {
    // The adapter publishes broadcasts without waiting for them: a failed publish (Redis away, or
    // this node closing) must not become an unhandled rejection, which would end the process.
    const publish = pub.publish.bind(pub);
    pub.publish = ((...args: Parameters<typeof publish>) =>
      publish(...args).catch((error: unknown) => {
        if (!closing) options.onPublishError?.(error);
        return 0;
      })) as typeof pub.publish;
    io.adapter(createAdapter(pub, sub));
  }
  return {
    io,
    // On the adapter's own connections: what one node publishes reaches the others in the order
    // it published it, whichever of the two channels it went by.
    bus: pub && sub ? clusterBus(pub, sub, options.redisPrefix ?? '') : undefined,
    isClosing: () => closing,
    /** Draining begins: new connections are refused and new events answered "unavailable". */
    stopTakingWork() {
      closing = true;
    },
    /** Lets this node's clients go: they reconnect to another node. */
    disconnectAll() {
      closing = true;
      io.local.disconnectSockets(true);
    },
    /** Stops the engine and the adapter's Redis connections (after the disconnects are handled). */
    close() {
      closing = true;
      io.local.disconnectSockets(true);
      io.engine.close();
      for (const client of pubSub) client.disconnect();
    },
  };
}

/** A Redis glob pattern that matches `text` literally. */
const globEscaped = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');

/** Past this many users a publication's channel does not list them: every node decodes it. */
const LISTED_USERS_MAX = 16;

/**
 * Publications to the other nodes, one per event, on a channel that names the node that sent it
 * and the users it is for (`<prefix>users#<node id>#<user>,<user>`): a node skips its own, and
 * those for nobody connected to it, by the channel's name alone, without decoding them.
 */
function clusterBus(pub: Redis, sub: Redis, prefix: string): ClusterBus {
  const nodeId = randomUUID();
  const base = `${prefix}users#`;
  const handlers: ((userIds: readonly string[] | undefined, message: string) => void)[] = [];
  void sub.psubscribe(`${globEscaped(base)}*`).catch(() => {});
  sub.on('pmessage', (_pattern: string, channel: string, message: string) => {
    if (!channel.startsWith(base)) return;
    const [origin, listed] = channel.slice(base.length).split('#');
    if (origin === nodeId || listed === undefined) return;
    const userIds = listed === '*' ? undefined : listed.split(',');
    for (const handler of handlers) handler(userIds, message);
  });
  return {
    publish(userIds, message) {
      const listed = userIds.length <= LISTED_USERS_MAX ? userIds.join(',') : '*';
      void pub.publish(`${base}${nodeId}#${listed}`, message);
    },
    onMessage: (handler) => void handlers.push(handler),
  };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** Turns anything thrown into the error body an ack carries; unexpected errors are logged. */
function errorBody(error: unknown, log: FastifyBaseLogger) {
  if (error instanceof AppError) return error.toBody();
  if (databaseUnavailable(error)) {
    log.warn({ err: error }, 'database unavailable; socket event answered SERVICE_UNAVAILABLE');
    return errors.unavailable().toBody();
  }
  log.error({ err: error }, 'socket handler failed');
  return errors.internal().toBody();
}

/** What a module's socket handler gets: who is asking, and their socket (rooms, relays). */
export interface SocketCaller {
  userId: string;
  socket: KindredSocket;
}

export interface HandleOptions {
  /**
   * Checked first, before the event's budget (a Redis round trip), the size check and the
   * schema: throws (SERVER_BUSY) when the node has no room, so a refusal costs next to nothing
   * and an overload cannot spend the node's CPU on work it would refuse anyway.
   */
  admit?: () => void;
}

export interface Realtime {
  /** The typed server; emits go through the notifier, rooms through the caller's socket. */
  io: KindredServer;
  /** Registers one client event: size check, schema parse, the module's handler, ack. */
  handle<S extends z.ZodType, R extends object>(
    event: keyof ClientToServerEvents,
    schema: S,
    run: (caller: SocketCaller, payload: z.output<S>) => Promise<R>,
    options?: HandleOptions,
  ): void;
  /** Runs when a user's first socket connects (on any node, as presence sees it). */
  onOnline(listener: (userId: string) => Promise<void>): void;
  /** Runs when a user's last socket is gone, with when they were last active. */
  onOffline(listener: (userId: string, lastActive: string) => Promise<void>): void;
  /** Stops the periodic session check (the app is closing). */
  close(): void;
  /**
   * Resolves once no event handler, connect or disconnect handling is running on this node (for
   * shutdown: in-flight sends are acknowledged and disconnects recorded before the pool closes).
   */
  drain(): Promise<void>;
}

/** What a user refused for holding SOCKETS_PER_USER_MAX sockets is told to wait. */
const SOCKET_CAP_RETRY_SECONDS = 30;
/** Presence announcements at once, of the PostgreSQL pool's 10 connections. */
const PRESENCE_CONCURRENCY = 3;
/** How long before its access token expires a socket is asked to renew it. */
export const RENEWAL_LEAD_MS = 60_000;
/** How often each node checks its sockets' tokens (expiry, and revocations a broadcast missed). */
export const SESSION_CHECK_MS = 1_000;

/** What the handshake (and `reauthenticate`) learns from an access token. */
export interface SocketClaims {
  userId: string;
  familyId?: string | undefined;
  issuedAtMs: number;
  expiresAtMs: number;
}

/** Events with nothing to say: an empty object, or no payload at all. */
export const emptyPayloadSchema = z.strictObject({}).optional();

/**
 * Authentication at the handshake, then the events modules registered, each validated with
 * its schema from the protocol package. The gateway knows no feature: modules bring handlers.
 */
export function attachGateway(
  io: KindredServer,
  deps: {
    verify: (token: string) => Promise<SocketClaims>;
    /** Throws when the token behind an open socket was revoked since (logout, ban, erasure). */
    assertValid: (claims: SocketClaims) => void;
    now: () => Date;
    /** Counts every event against its per-user budget (socketEventBudgetsPerMinute). */
    limiter: RateLimiter;
    /** Budgets a deployment changes (sends follow the configured message limit). */
    budgets?: Partial<Record<keyof ClientToServerEvents, number>>;
    presence: PresenceStore;
    log: FastifyBaseLogger;
    /** True while this node shuts down: its clients are about to reconnect elsewhere. */
    isClosing: () => boolean;
  },
): Realtime {
  const { presence, log } = deps;
  const handlers: {
    event: string;
    schema: z.ZodType;
    run: (caller: SocketCaller, payload: unknown) => Promise<object>;
    admit?: () => void;
  }[] = [];
  const online: ((userId: string) => Promise<void>)[] = [];
  const offline: ((userId: string, lastActive: string) => Promise<void>)[] = [];
  const inflight = new Set<Promise<unknown>>();
  /** Runs work that shutdown must wait for. */
  function track(work: () => Promise<unknown>): void {
    const running = work();
    inflight.add(running);
    void running.finally(() => inflight.delete(running));
  }

  io.use(async (socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token =
      (typeof auth?.token === 'string' ? auth.token : undefined) ??
      cookieValue(socket.handshake.headers.cookie, 'access_token');
    try {
      if (!token) throw errors.unauthenticated();
      const claims = await deps.verify(token);
      const open = await presence.count(claims.userId).catch(() => 0);
      if (open >= SOCKETS_PER_USER_MAX) {
        throw errors.rateLimited(SOCKET_CAP_RETRY_SECONDS, 'Too many open connections');
      }
      socket.data.userId = claims.userId;
      socket.data.familyId = claims.familyId;
      socket.data.issuedAtMs = claims.issuedAtMs;
      socket.data.expiresAtMs = claims.expiresAtMs;
      next();
    } catch (error) {
      const body = errorBody(error, log);
      next(Object.assign(new Error(body.error), { data: body }));
    }
  });

  function listen(socket: KindredSocket, handler: (typeof handlers)[number]) {
    (socket.on as (e: string, l: (...args: unknown[]) => void) => void)(
      handler.event,
      (...args) => {
        const maybeAck = args[args.length - 1];
        const ack =
          typeof maybeAck === 'function' ? (maybeAck as (r: Ack<object>) => void) : undefined;
        const payload = args.length > (ack ? 1 : 0) ? args[0] : undefined;
        // Draining: the client's outbox sends it again through another node.
        if (deps.isClosing()) return ack?.(errors.unavailable().toBody());
        track(() => run(ack, payload));
      },
    );

    async function run(ack: ((r: Ack<object>) => void) | undefined, payload: unknown) {
      try {
        // Between expiry and the next session check the socket may still be open.
        if (handler.event !== 'reauthenticate' && deps.now().getTime() >= socket.data.expiresAtMs) {
          throw errors.tokenExpired();
        }
        handler.admit?.();
        const event = handler.event as keyof ClientToServerEvents;
        const budget = deps.budgets?.[event] ?? socketEventBudgetsPerMinute[event];
        const spent = await deps.limiter.hit(`socket:${handler.event}:${socket.data.userId}`, {
          max: budget ?? 30,
          windowMs: 60_000,
        });
        if (!spent.allowed) throw errors.rateLimited(spent.retryAfterSeconds);
        if (Buffer.byteLength(JSON.stringify(payload ?? null)) > SOCKET_PAYLOAD_MAX_BYTES) {
          throw errors.payloadTooLarge('Messages must be smaller than 16 KB');
        }
        if (hasUnstorableText(payload)) throw unstorableText();
        const parsed = handler.schema.safeParse(payload);
        if (!parsed.success) {
          const details = parsed.error.issues.map((i) => ({
            path: i.path.join('.'),
            message: i.message,
          }));
          throw errors.validation(details, details[0]?.message);
        }
        const result = await handler.run({ userId: socket.data.userId, socket }, parsed.data);
        ack?.({ success: true, ...result });
      } catch (error) {
        ack?.(errorBody(error, log));
      }
    }
  }

  // Presence news queries the database (who shares a chat, what to tell them). When thousands
  // of sockets close or open at once (a network blip, a node restarting) a few run at a time, so
  // that sends and requests still find a pool connection instead of waiting behind them.
  const presenceWork = createLimiter(PRESENCE_CONCURRENCY);
  async function announce<A extends unknown[]>(
    listeners: ((...args: A) => Promise<void>)[],
    ...args: A
  ) {
    // Shutdown waits for these (drain) before the database pool closes.
    await presenceWork(async () => {
      for (const listener of listeners) await listener(...args);
    });
  }

  // A renewed token keeps the socket: same user, and from then on the new token's session.
  handlers.push({
    event: 'reauthenticate',
    schema: reauthenticateSchema,
    run: async ({ socket }, payload) => {
      const claims = await deps.verify((payload as { token: string }).token);
      if (claims.userId !== socket.data.userId) throw errors.invalidToken();
      if (claims.familyId !== socket.data.familyId) {
        if (socket.data.familyId) void socket.leave(sessionRoom(socket.data.familyId));
        if (claims.familyId) void socket.join(sessionRoom(claims.familyId));
      }
      socket.data.familyId = claims.familyId;
      socket.data.issuedAtMs = claims.issuedAtMs;
      socket.data.expiresAtMs = claims.expiresAtMs;
      return { expires_at: new Date(claims.expiresAtMs).toISOString() };
    },
  });

  /**
   * Sockets whose token expired are closed; those about to expire are asked once to renew;
   * those whose session was revoked are closed even if the broadcast that does so was missed.
   */
  function checkSessions() {
    const now = deps.now().getTime();
    for (const socket of io.of('/').sockets.values()) {
      const data = socket.data as Partial<typeof socket.data>;
      if (data.expiresAtMs === undefined || !data.userId) continue;
      let ended: 'revoked' | 'expired' | undefined;
      try {
        deps.assertValid(socket.data);
      } catch {
        ended = 'revoked';
      }
      if (!ended && now >= data.expiresAtMs) ended = 'expired';
      if (ended) {
        socket.emit('session_ended', { reason: ended });
        socket.disconnect(true);
      } else if (
        now >= data.expiresAtMs - RENEWAL_LEAD_MS &&
        data.renewalAskedFor !== data.expiresAtMs
      ) {
        socket.data.renewalAskedFor = data.expiresAtMs;
        socket.emit('token_expiring', { expires_at: new Date(data.expiresAtMs).toISOString() });
      }
    }
  }
  const sessionCheck = setInterval(() => {
    if (!deps.isClosing()) checkSessions();
  }, SESSION_CHECK_MS);
  sessionCheck.unref();

  io.on('connection', async (socket) => {
    const { userId, familyId } = socket.data;
    void socket.join(userRoom(userId));
    if (familyId) void socket.join(sessionRoom(familyId));
    for (const handler of handlers) listen(socket, handler);

    // Also while draining: the node's sockets leave presence (no ghost online, no ghost counted
    // against the per-user socket cap) and away times are written, before the pool closes.
    socket.on('disconnect', () =>
      track(async () => {
        try {
          const { wentOffline, lastActive } = await presence.disconnect(userId, socket.id);
          if (wentOffline) await announce(offline, userId, lastActive);
        } catch (error) {
          log.warn({ err: error }, 'presence update on disconnect failed');
        }
      }),
    );

    track(async () => {
      try {
        if ((await presence.connect(userId, socket.id)) && !deps.isClosing()) {
          await announce(online, userId);
        }
      } catch (error) {
        log.warn({ err: error }, 'presence update on connect failed');
      }
    });
  });

  return {
    io,
    handle(event, schema, run, options) {
      handlers.push({
        event,
        schema,
        run: run as (caller: SocketCaller, payload: unknown) => Promise<object>,
        admit: options?.admit,
      });
    },
    onOnline: (listener) => void online.push(listener),
    onOffline: (listener) => void offline.push(listener),
    close: () => clearInterval(sessionCheck),
    async drain() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
}
