import type { Server as HttpServer } from 'node:http';
import { type Ack, type ClientToServerEvents, SOCKET_PAYLOAD_MAX_BYTES } from '@kindred/protocol';
import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { z } from 'zod';
import { AppError, errors } from '../lib/errors';
import { hasUnstorableText, unstorableText } from '../lib/text';
import { originAllowed } from '../plugins/security';
import { userRoom } from './notifier';
import type { KindredServer, KindredSocket } from './types';
import type { PresenceStore } from './presence';

/** The Socket.IO server on the app's HTTP server, with the Redis adapter when configured. */
export function createSocketServer(options: {
  httpServer: HttpServer;
  corsOrigins: string[];
  redis: Redis | undefined;
  onPublishError?: (error: unknown) => void;
}): { io: KindredServer; close: () => void; isClosing: () => boolean } {
  const { corsOrigins, redis } = options;
  const io: KindredServer = new Server(options.httpServer, {
    path: '/socket.io',
    serveClient: false,
    // A hard cap on one frame; anything above the 16 KB payload limit is refused politely below.
    maxHttpBufferSize: 64 * 1024,
    allowRequest: (req, callback) => callback(null, originAllowed(req.headers, corsOrigins)),
    cors: corsOrigins.length > 0 ? { origin: corsOrigins, credentials: true } : undefined,
  });
  // The adapter subscribes as soon as it exists, so its connections queue until they are up.
  const pubSub = redis
    ? [0, 1].map(() => redis.duplicate({ lazyConnect: false, enableOfflineQueue: true }))
    : [];
  let closing = false;
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
    isClosing: () => closing,
    /** Lets this node's clients go (they reconnect to another node) and stops the engine. */
    close() {
      closing = true;
      io.local.disconnectSockets(true);
      io.engine.close();
      for (const client of pubSub) client.disconnect();
    },
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
  log.error({ err: error }, 'socket handler failed');
  return errors.internal().toBody();
}

/** What a module's socket handler gets: who is asking, and their socket (rooms, relays). */
export interface SocketCaller {
  userId: string;
  socket: KindredSocket;
}

export interface Realtime {
  /** The typed server; emits go through the notifier, rooms through the caller's socket. */
  io: KindredServer;
  /** Registers one client event: size check, schema parse, the module's handler, ack. */
  handle<S extends z.ZodType, R extends object>(
    event: keyof ClientToServerEvents,
    schema: S,
    run: (caller: SocketCaller, payload: z.output<S>) => Promise<R>,
  ): void;
  /** Runs when a user's first socket connects (on any node, as presence sees it). */
  onOnline(listener: (userId: string) => Promise<void>): void;
  /** Runs when a user's last socket is gone, with when they were last active. */
  onOffline(listener: (userId: string, lastActive: string) => Promise<void>): void;
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
    verify: (token: string) => Promise<{ userId: string }>;
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
  }[] = [];
  const online: ((userId: string) => Promise<void>)[] = [];
  const offline: ((userId: string, lastActive: string) => Promise<void>)[] = [];

  io.use(async (socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token =
      (typeof auth?.token === 'string' ? auth.token : undefined) ??
      cookieValue(socket.handshake.headers.cookie, 'access_token');
    try {
      if (!token) throw errors.unauthenticated();
      socket.data.userId = (await deps.verify(token)).userId;
      next();
    } catch (error) {
      const body = errorBody(error, log);
      next(Object.assign(new Error(body.error), { data: body }));
    }
  });

  function listen(socket: KindredSocket, handler: (typeof handlers)[number]) {
    (socket.on as (e: string, l: (...args: unknown[]) => void) => void)(
      handler.event,
      async (...args) => {
        const maybeAck = args[args.length - 1];
        const ack =
          typeof maybeAck === 'function' ? (maybeAck as (r: Ack<object>) => void) : undefined;
        const payload = args.length > (ack ? 1 : 0) ? args[0] : undefined;
        try {
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
      },
    );
  }

  async function announce<A extends unknown[]>(
    listeners: ((...args: A) => Promise<void>)[],
    ...args: A
  ) {
    for (const listener of listeners) {
      // The node may have begun shutting down meanwhile: its database pool is closing.
      if (deps.isClosing()) return;
      await listener(...args);
    }
  }

  io.on('connection', async (socket) => {
    const { userId } = socket.data;
    void socket.join(userRoom(userId));
    for (const handler of handlers) listen(socket, handler);

    socket.on('disconnect', async () => {
      if (deps.isClosing()) return;
      try {
        const { wentOffline, lastActive } = await presence.disconnect(userId, socket.id);
        if (wentOffline) await announce(offline, userId, lastActive);
      } catch (error) {
        log.warn({ err: error }, 'presence update on disconnect failed');
      }
    });

    try {
      if ((await presence.connect(userId, socket.id)) && !deps.isClosing()) {
        await announce(online, userId);
      }
    } catch (error) {
      log.warn({ err: error }, 'presence update on connect failed');
    }
  });

  return {
    io,
    handle(event, schema, run) {
      handlers.push({
        event,
        schema,
        run: run as (caller: SocketCaller, payload: unknown) => Promise<object>,
      });
    },
    onOnline: (listener) => void online.push(listener),
    onOffline: (listener) => void offline.push(listener),
  };
}
