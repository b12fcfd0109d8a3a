import type { Server as HttpServer } from 'node:http';
import {
  type Ack,
  type ClientToServerEvents,
  deleteMessageSchema,
  editMessageSchema,
  joinChatSchema,
  leaveChatSchema,
  markReadSchema,
  messageReactionSchema,
  type ServerToClientEvents,
  SOCKET_PAYLOAD_MAX_BYTES,
  sendMessageSchema,
  syncSchema,
  statusChangeSchema,
  typingSchema,
} from '@kindred/protocol';
import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { Revocations } from '../features/identity/revocations';
import type { TokenSigner } from '../features/identity/tokens';
import { listContacts } from '../features/conversations/conversations.repository';
import type { MessagesService } from '../features/conversations/messages.service';
import type { SessionsService } from '../features/listening/sessions.service';
import type { Db } from '../db/client';
import { AppError, errors } from '../lib/errors';
import { hasUnstorableText, unstorableText } from '../lib/text';
import { originAllowed } from '../plugins/security';
import { chatRoom, LISTENER_WATCHERS_ROOM, userRoom } from './notifier';
import type { PresenceStore } from './presence';

/** Events with nothing to say: an empty object, or no payload at all. */
const emptySchema = z.strictObject({}).optional();

interface SocketData {
  userId: string;
  pseudonym?: string;
}
type KindredServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
type KindredSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

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

/** Authentication at the handshake, then typed, validated event handlers (seed 000 + 003 + 004). */
export function attachGateway(
  io: KindredServer,
  deps: {
    db: Db;
    signer: TokenSigner;
    /** Refuses tokens issued before the user's revocation (a ban). */
    revocations: Pick<Revocations, 'assertValid'>;
    messages: MessagesService;
    sessions: SessionsService;
    presence: PresenceStore;
    log: FastifyBaseLogger;
    /** True while this node shuts down: its clients are about to reconnect elsewhere. */
    isClosing: () => boolean;
  },
): void {
  const { messages, sessions, presence, log } = deps;

  io.use(async (socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token =
      (typeof auth?.token === 'string' ? auth.token : undefined) ??
      cookieValue(socket.handshake.headers.cookie, 'access_token');
    try {
      if (!token) throw errors.unauthenticated();
      const claims = await deps.signer.verifyAccess(token);
      deps.revocations.assertValid(claims.userId, claims.issuedAtMs);
      socket.data.userId = claims.userId;
      next();
    } catch (error) {
      const body = errorBody(error, log);
      next(Object.assign(new Error(body.error), { data: body }));
    }
  });

  /** Registers one event: size check, schema parse, service call, ack with data or error body. */
  function handle<S extends z.ZodType, R extends object>(
    socket: KindredSocket,
    event: keyof ClientToServerEvents,
    schema: S,
    run: (userId: string, payload: z.output<S>) => Promise<R>,
  ) {
    (socket.on as (e: string, l: (...args: unknown[]) => void) => void)(event, async (...args) => {
      const maybeAck = args[args.length - 1];
      const ack = typeof maybeAck === 'function' ? (maybeAck as (r: Ack<R>) => void) : undefined;
      const payload = args.length > (ack ? 1 : 0) ? args[0] : undefined;
      try {
        if (Buffer.byteLength(JSON.stringify(payload ?? null)) > SOCKET_PAYLOAD_MAX_BYTES) {
          throw errors.payloadTooLarge('Messages must be smaller than 16 KB');
        }
        if (hasUnstorableText(payload)) throw unstorableText();
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          const details = parsed.error.issues.map((i) => ({
            path: i.path.join('.'),
            message: i.message,
          }));
          throw errors.validation(details, details[0]?.message);
        }
        const result = await run(socket.data.userId, parsed.data);
        ack?.({ success: true, ...result });
      } catch (error) {
        ack?.(errorBody(error, log));
      }
    });
  }

  io.on('connection', async (socket) => {
    const { userId } = socket.data;
    void socket.join(userRoom(userId));

    handle(socket, 'join_chat', joinChatSchema, async (uid, { session_id }) => {
      const conversation = await messages.conversationFor(session_id, uid);
      const me = conversation.members.find((m) => m.user_id === uid);
      await socket.join(chatRoom(session_id));
      await sessions.markJoined(session_id, uid);
      const joined = { session_id, user_id: uid, pseudonym: me?.pseudonym ?? '' };
      socket.to(chatRoom(session_id)).except(userRoom(uid)).emit('user_joined', joined);
      return { conversation };
    });
    handle(socket, 'leave_chat', leaveChatSchema, async (uid, { session_id }) => {
      if (!socket.rooms.has(chatRoom(session_id))) return {};
      await socket.leave(chatRoom(session_id));
      const { me } = await messages.forMember(session_id, uid);
      socket
        .to(chatRoom(session_id))
        .except(userRoom(uid))
        .emit('user_left', { session_id, user_id: uid, pseudonym: me.pseudonym });
      return {};
    });
    handle(socket, 'send_message', sendMessageSchema, (uid, p) => messages.sendMessage(uid, p));
    handle(socket, 'edit_message', editMessageSchema, (uid, p) => messages.editMessage(uid, p));
    handle(socket, 'delete_message', deleteMessageSchema, (uid, p) =>
      messages.deleteMessage(uid, p),
    );
    handle(socket, 'typing', typingSchema, (uid, p) => messages.typing(uid, p));
    handle(socket, 'mark_read', markReadSchema, (uid, p) => messages.markRead(uid, p));
    handle(socket, 'message_reaction', messageReactionSchema, (uid, p) => messages.react(uid, p));
    handle(socket, 'sync', syncSchema, (uid, p) => messages.sync(uid, p));
    handle(socket, 'status_change', statusChangeSchema, (uid, p) =>
      sessions.setAvailability(uid, p.availability),
    );
    handle(socket, 'watch_listeners', emptySchema, async () => {
      await socket.join(LISTENER_WATCHERS_ROOM);
      return {};
    });
    handle(socket, 'unwatch_listeners', emptySchema, async () => {
      await socket.leave(LISTENER_WATCHERS_ROOM);
      return {};
    });

    socket.on('disconnect', async () => {
      if (deps.isClosing()) return;
      try {
        const { wentOffline, lastActive } = await presence.disconnect(userId, socket.id);
        // The node may have begun shutting down while presence was updated: its clients are
        // reconnecting elsewhere, and its database pool is closing.
        if (!wentOffline || deps.isClosing()) return;
        await sessions.socketsGone(userId);
        const contacts = await listContacts(deps.db, userId);
        for (const contact of contacts) {
          io.to(userRoom(contact)).emit('user_offline', {
            user_id: userId,
            online: false,
            last_active: lastActive,
          });
        }
      } catch (error) {
        log.warn({ err: error }, 'presence update on disconnect failed');
      }
    });

    try {
      if ((await presence.connect(userId, socket.id)) && !deps.isClosing()) {
        await sessions.socketConnected(userId);
        const contacts = await listContacts(deps.db, userId);
        for (const contact of contacts) {
          io.to(userRoom(contact)).emit('user_online', {
            user_id: userId,
            online: true,
            last_active: null,
          });
        }
      }
    } catch (error) {
      log.warn({ err: error }, 'presence update on connect failed');
    }
  });
}
