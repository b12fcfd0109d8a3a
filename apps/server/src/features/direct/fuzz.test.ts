import { errorBodySchema } from '@kindred/protocol';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app';
import type { SignedInUser } from '../../../test/factories';
import { directChat, listeningChat } from '../../../test/scenarios';
import { type Rng as Random, seeded } from '../../../test/seeded';
import { emitAck } from '../../../test/sockets';

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const UNICODE = [
  'é',
  'ß',
  '你好',
  '🙂',
  '👩‍👩‍👧',
  '\u202e',
  '\u0000',
  '\ud800',
  '\ufeff',
  'ﷺ',
  '\n',
  '"',
  '\\',
  "'",
];

function randomString(r: Random): string {
  switch (r.int(7)) {
    case 0:
      return '';
    case 1:
      return 'x'.repeat(r.pick([251, 2001, 5000, 20_000]));
    case 2:
      return Array.from({ length: 1 + r.int(20) }, () => r.pick(UNICODE)).join('');
    case 3:
      return r.pick([
        'not-a-uuid',
        '00000000-0000-0000-0000-000000000000',
        randomUUID(),
        `${randomUUID()}x`,
        ' ',
        'null',
        '0',
        '-1',
        '1e9',
        '../etc/passwd',
        '------------------------------------',
        'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
        '%00',
        "' or 1=1 --",
      ]);
    case 4:
      return String.fromCharCode(...Array.from({ length: 1 + r.int(40) }, () => r.int(0xffff)));
    default:
      return Math.random().toString(36).slice(2);
  }
}

function deep(r: Random, depth: number): unknown {
  let value: unknown = r.pick([1, 'x', null, true]);
  for (let i = 0; i < depth; i++) value = r.int(2) ? { a: value } : [value];
  return value;
}

function randomValue(r: Random, depth = 0): unknown {
  switch (r.int(depth > 2 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return r.pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, 42]);
    case 2:
      return r.int(2) === 0;
    case 3:
    case 4:
    case 5:
      return randomString(r);
    case 6:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    case 7:
      return Object.fromEntries(
        Array.from({ length: r.int(4) }, () => [
          randomString(r).slice(0, 20),
          randomValue(r, depth + 1),
        ]),
      );
    default:
      return deep(r, 20 + r.int(200));
  }
}

/** A valid body, then broken: a field dropped, replaced, added, or the whole body replaced. */
function mutate(r: Random, valid: Record<string, unknown> | undefined): unknown {
  const body: Record<string, unknown> = { ...(valid ?? {}) };
  const keys = Object.keys(body);
  switch (r.int(6)) {
    case 0:
      return randomValue(r);
    case 5:
      // Everything valid but one string: what gets furthest, into services and the database.
      if (keys.length) body[r.pick(keys)] = randomString(r);
      return body;
    case 1:
      if (keys.length) delete body[r.pick(keys)];
      return body;
    case 2:
      body[r.pick([...keys, 'extra', '__proto__', 'constructor'])] = randomValue(r);
      return body;
    case 3:
      for (const key of keys) if (r.int(2)) body[key] = randomValue(r);
      return body;
    default:
      body[randomString(r).slice(0, 30) || 'k'] = randomValue(r);
      return body;
  }
}

/** Percent-encodes; a lone surrogate becomes invalid UTF-8 on the wire, which is fuzz too. */
function enc(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return `${encodeURIComponent(value.replace(/[\ud800-\udfff]/g, ''))}%ED%A0%80`;
  }
}

function randomQuery(r: Random, keys: string[]): string {
  const parts = Array.from({ length: r.int(4) }, () => {
    const key = r.int(4) ? r.pick(keys) : randomString(r).slice(0, 10);
    const value = String(randomValue(r) ?? '');
    return `${enc(key)}=${enc(value.slice(0, 3000))}`;
  });
  return parts.length ? `?${parts.join('&')}` : '';
}

function randomId(r: Random, good: string[]): string {
  return r.int(3) ? enc(randomString(r).slice(0, 200) || 'x') : r.pick(good);
}

const t = useTestApp({ env: { RATE_LIMIT_MESSAGES_PER_MIN: '100000' } });
let a: SignedInUser;
let b: SignedInUser;
let conversationId: string;
let requestId: string;
let messageId: string;
beforeAll(async () => {
  ({ a, b, id: conversationId } = await directChat(t.app));
  const other = await listeningChat(t.app);
  requestId = (
    await t.api(other.sharer, 'POST', '/messages/request', {
      receiver_id: other.listener.id,
      content: 'Hello',
    })
  ).json().data.request_id;
  messageId = (
    await t.api(a, 'POST', '/messages/send', {
      conversation_id: conversationId,
      content: 'a message',
    })
  ).json().data.message_id;
});

interface Target {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: (id: string) => string;
  ids: () => string[];
  body?: () => Record<string, unknown>;
  query?: string[];
}

const targets: Target[] = [
  {
    method: 'POST',
    path: () => '/messages/request',
    ids: () => [],
    body: () => ({ receiver_id: b.id, content: 'Hello' }),
  },
  {
    method: 'GET',
    path: () => '/messages/requests',
    ids: () => [],
    query: ['type', 'status', 'limit', 'cursor'],
  },
  {
    method: 'POST',
    path: (id) => `/messages/request/${id}/respond`,
    ids: () => [requestId, randomUUID()],
    body: () => ({ action: 'decline' }),
  },
  { method: 'GET', path: () => '/messages/contacts', ids: () => [], query: ['x'] },
  {
    method: 'POST',
    path: () => '/messages/send',
    ids: () => [],
    body: () => ({
      conversation_id: conversationId,
      receiver_id: b.id,
      content: 'hi',
      message_type: 'text',
      client_msg_id: randomUUID(),
    }),
  },
  { method: 'PUT', path: (id) => `/messages/${id}/read`, ids: () => [messageId, randomUUID()] },
  {
    method: 'GET',
    path: () => '/conversations',
    ids: () => [],
    query: ['limit', 'cursor', 'type'],
  },
  {
    method: 'GET',
    path: (id) => `/conversations/${id}/messages`,
    ids: () => [conversationId],
    query: ['limit', 'cursor'],
  },
  {
    method: 'POST',
    path: (id) => `/conversations/${id}/mute`,
    ids: () => [conversationId],
    body: () => ({ duration: '8h' }),
  },
  { method: 'DELETE', path: (id) => `/conversations/${id}/mute`, ids: () => [conversationId] },
  { method: 'POST', path: (id) => `/conversations/${id}/clear`, ids: () => [conversationId] },
  { method: 'POST', path: (id) => `/conversations/${id}/archive`, ids: () => [conversationId] },
  { method: 'DELETE', path: (id) => `/conversations/${id}/archive`, ids: () => [conversationId] },
  {
    method: 'POST',
    path: (id) => `/users/${id}/report`,
    ids: () => [b.id],
    body: () => ({ reason: 'spam', description: 'x', conversation_id: conversationId }),
  },
  {
    method: 'POST',
    path: (id) => `/users/${id}/block`,
    ids: () => [randomUUID()],
    body: () => ({ reason: 'spam' }),
  },
  {
    method: 'PATCH',
    path: () => '/users/me',
    ids: () => [],
    body: () => ({ privacy_settings: { read_receipts: true, show_online_status: true } }),
  },
  {
    method: 'POST',
    path: (id) => `/conversations/${id}/attachments`,
    ids: () => [conversationId],
    body: () => ({ file: 'not multipart' }),
  },
  {
    method: 'GET',
    path: (id) => `/attachments/${id}`,
    ids: () => [randomUUID()],
    query: ['download'],
  },
];

describe('fuzzing the direct-message endpoints and socket events', () => {
  it('refuses text the database cannot store (NUL, lone surrogates) with a 400, over HTTP and socket', async () => {
    const socket = await t.connect(a);
    for (const content of ['a\u0000b', 'half \ud83d of a pair', '\ude42']) {
      const http = await t.app.inject({
        method: 'POST',
        url: '/api/v1/messages/send',
        headers: { ...a.headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ conversation_id: conversationId, content }),
      });
      expect(http.statusCode).toBe(400);
      expect(http.json()).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
      const ack = await emitAck(socket, 'send_message', { session_id: conversationId, content });
      expect(ack).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    }
    // In query strings and path parameters too (any endpoint: the guard is app-wide).
    for (const path of [
      '/conversations?cursor=a%00b',
      '/users/a%00b',
      '/messages/requests?type=%00',
    ]) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1${path}`,
        headers: a.headers,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    }
  });

  it(`answers ≥1000 malformed requests with 4xx error bodies, never 5xx (seed ${SEED})`, async () => {
    const r = seeded(SEED);
    const failures: string[] = [];
    let sent = 0;
    for (let round = 0; round < 80; round++) {
      for (const target of targets) {
        const id = randomId(r, target.ids().length ? target.ids() : ['x']);
        const query = target.query && r.int(2) ? randomQuery(r, target.query) : '';
        const payload = target.body
          ? mutate(r, target.body())
          : r.int(3)
            ? undefined
            : randomValue(r);
        const response = await t.app.inject({
          method: target.method,
          url: `/api/v1${target.path(id)}${query}`,
          headers: { ...(r.int(10) ? a.headers : {}), 'content-type': 'application/json' },
          payload: payload === undefined ? undefined : JSON.stringify(payload),
        });
        sent++;
        const label = `${target.method} ${target.path(id)}${query} ${JSON.stringify(payload)?.slice(0, 200)}`;
        if (response.statusCode >= 500) failures.push(`${response.statusCode} ${label}`);
        if (response.statusCode >= 400) {
          const body = errorBodySchema.safeParse(response.json());
          if (!body.success)
            failures.push(`not an error body: ${label} → ${response.body.slice(0, 200)}`);
        }
      }
    }
    expect(sent).toBeGreaterThanOrEqual(1000);
    expect(failures).toEqual([]);

    // Still answering normally afterwards.
    const normal = await t.app.inject({
      method: 'GET',
      url: '/api/v1/conversations',
      headers: b.headers,
    });
    expect(normal.statusCode).toBe(200);
    expect(normal.json().data.conversations.map((c: { id: string }) => c.id)).toContain(
      conversationId,
    );
  });

  it('acks ≥300 malformed socket payloads with error bodies and keeps the connection', async () => {
    const r = seeded(SEED + 1);
    const socket = await t.connect(a);
    const events = [
      'send_message',
      'mark_read',
      'join_chat',
      'sync',
      'typing',
      'message_reaction',
      'edit_message',
      'delete_message',
    ] as const;
    const valid: Record<(typeof events)[number], () => Record<string, unknown>> = {
      send_message: () => ({
        session_id: conversationId,
        content: 'hi',
        client_msg_id: randomUUID(),
      }),
      mark_read: () => ({ session_id: conversationId, seq: 1 }),
      join_chat: () => ({ session_id: conversationId }),
      sync: () => ({ session_id: conversationId, after_version_seq: 0 }),
      typing: () => ({ session_id: conversationId }),
      message_reaction: () => ({ session_id: conversationId, message_id: messageId, emoji: '❤️' }),
      edit_message: () => ({
        session_id: conversationId,
        message_id: messageId,
        content: 'edited',
      }),
      delete_message: () => ({ session_id: conversationId, message_id: randomUUID() }),
    };
    const failures: string[] = [];
    for (let i = 0; i < 320; i++) {
      const event = r.pick(events);
      let payload = mutate(r, valid[event]());
      // Frames above 64 KB are cut off by design (maxHttpBufferSize); 16–64 KB get an error ack.
      if ((JSON.stringify(payload) ?? '').length > 60_000) payload = { huge: 'x'.repeat(40_000) };
      const ack = (await emitAck(socket, event, payload)) as Record<string, unknown>;
      if (ack.success === true) continue;
      const body = errorBodySchema.safeParse(ack);
      if (!body.success || body.data.code === 'INTERNAL_ERROR') {
        failures.push(
          `${event} ${JSON.stringify(payload)?.slice(0, 200)} → ${JSON.stringify(ack)}`,
        );
      }
    }
    expect(failures).toEqual([]);
    expect(socket.connected).toBe(true);
    const fine = await emitAck(socket, 'send_message', {
      session_id: conversationId,
      content: 'still here',
    });
    expect(fine).toMatchObject({ success: true, message: { content: 'still here' } });
  });
});
