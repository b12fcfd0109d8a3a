import type { Redis } from 'ioredis';

export interface PresenceStatus {
  online: boolean;
  lastActive: string | null;
}

/**
 * Who is online: a user is online while any of their sockets, on any node, is connected (the
 * user-chat contract: two tabs stay online until both close).
 */
export interface PresenceStore {
  /** Records a socket; true when it made the user go online. */
  connect(userId: string, socketId: string): Promise<boolean>;
  /** Forgets a socket; `wentOffline` when it was the user's last. */
  disconnect(
    userId: string,
    socketId: string,
  ): Promise<{ wentOffline: boolean; lastActive: string }>;
  status(userIds: readonly string[]): Promise<Map<string, PresenceStatus>>;
  /** How many sockets the user has open now, on every node. */
  count(userId: string): Promise<number>;
  close(): void;
}

export function memoryPresence(now: () => Date = () => new Date()): PresenceStore {
  const sockets = new Map<string, Set<string>>();
  const lastActive = new Map<string, string>();
  return {
    async connect(userId, socketId) {
      const set = sockets.get(userId) ?? new Set();
      const wasOffline = set.size === 0;
      set.add(socketId);
      sockets.set(userId, set);
      return wasOffline;
    },
    async count(userId) {
      return sockets.get(userId)?.size ?? 0;
    },
    async disconnect(userId, socketId) {
      const set = sockets.get(userId);
      set?.delete(socketId);
      const at = now().toISOString();
      lastActive.set(userId, at);
      if (set && set.size > 0) return { wentOffline: false, lastActive: at };
      sockets.delete(userId);
      return { wentOffline: true, lastActive: at };
    },
    async status(userIds) {
      return new Map(
        userIds.map((id) => [
          id,
          { online: (sockets.get(id)?.size ?? 0) > 0, lastActive: lastActive.get(id) ?? null },
        ]),
      );
    },
    close() {},
  };
}

/** How long a socket entry lives without a heartbeat: a killed node's sockets fade out after this. */
const ENTRY_TTL_MS = 60_000;

/**
 * Presence shared by all nodes: one sorted set per user of socket ids scored by expiry. Each node
 * refreshes its own sockets; entries of a node that died expire by themselves.
 */
export function redisPresence(
  redis: Redis,
  prefix: string,
  localSockets: () => Iterable<{ userId: string; socketId: string }>,
): PresenceStore {
  const key = (userId: string) => `${prefix}presence:${userId}`;
  const lastKey = (userId: string) => `${prefix}last-active:${userId}`;
  function beat() {
    const expiry = Date.now() + ENTRY_TTL_MS;
    const batch = redis.pipeline();
    for (const { userId, socketId } of localSockets()) {
      batch.zadd(key(userId), expiry, socketId).pexpire(key(userId), ENTRY_TTL_MS);
    }
    batch.exec().catch(() => {});
  }
  const heartbeat = setInterval(beat, ENTRY_TTL_MS / 3);
  heartbeat.unref();
  // Redis back after an outage (perhaps restarted empty): this node's sockets are online again at
  // once, not at the next heartbeat.
  redis.on('ready', beat);

  return {
    async connect(userId, socketId) {
      const now = Date.now();
      const results = await redis
        .multi()
        .zremrangebyscore(key(userId), '-inf', now)
        .zcard(key(userId))
        .zadd(key(userId), now + ENTRY_TTL_MS, socketId)
        .pexpire(key(userId), ENTRY_TTL_MS)
        .exec();
      return Number(results?.[1]?.[1] ?? 0) === 0;
    },
    async disconnect(userId, socketId) {
      const now = Date.now();
      const at = new Date(now).toISOString();
      const results = await redis
        .multi()
        .zrem(key(userId), socketId)
        .zremrangebyscore(key(userId), '-inf', now)
        .zcard(key(userId))
        .set(lastKey(userId), at, 'EX', 30 * 24 * 3600)
        .exec();
      return { wentOffline: Number(results?.[2]?.[1] ?? 0) === 0, lastActive: at };
    },
    async count(userId) {
      return redis.zcount(key(userId), Date.now(), '+inf');
    },
    async status(userIds) {
      const now = Date.now();
      const batch = redis.pipeline();
      for (const id of userIds) batch.zcount(key(id), now, '+inf').get(lastKey(id));
      const results = (await batch.exec()) ?? [];
      return new Map(
        userIds.map((id, i) => [
          id,
          {
            online: Number(results[i * 2]?.[1] ?? 0) > 0,
            lastActive: (results[i * 2 + 1]?.[1] as string | null) ?? null,
          },
        ]),
      );
    },
    close() {
      clearInterval(heartbeat);
      redis.off('ready', beat);
    },
  };
}
