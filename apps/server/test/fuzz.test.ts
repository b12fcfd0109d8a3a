/**
 * Malformed input, at volume: every route in /docs/json gets broken JSON, wrong types, 1 MB
 * strings, deep nesting, truncated multipart, bad path and query parameters and bad credentials
 * (over 5,000 requests), and every socket event gets 2,000 malformed payloads. Nothing may answer
 * 5xx, nothing may hang, every refusal is the documented error body, and the app still serves a
 * real user afterwards. The generator is seeded, so a failure reproduces exactly.
 */
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { errorBodySchema } from '@kindred/protocol';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { approvalOffNoStaleCheck, useTestApp } from './app';
import { type SignedInUser, signUp } from './factories';
import { multipartForm, tinyPng } from './multipart';
import { storedDirectChat } from './scenarios';
import { type ClientSocket, emitAck } from './sockets';
import { type Rng, seeded } from './seeded';

const SEED = 0x4b1d;
const HTTP_CASES = 5_000;
const SOCKET_CASES = 2_000;
/** A request or ack slower than this counts as a hang. */
const HANG_MS = 10_000;

const t = useTestApp({
  env: {
    ...approvalOffNoStaleCheck,
    // The limits would turn most of the fuzz into 429s before it reached a handler.
    RATE_LIMIT_ADMIN_PER_MIN: '1000000',
    RATE_LIMIT_MESSAGES_PER_MIN: '1000000',
    RATE_LIMIT_UPLOADS_PER_MIN: '1000000',
    RATE_LIMIT_VOICE_NOTES_PER_MIN: '1000000',
    RATE_LIMIT_MESSAGE_REQUESTS_PER_HOUR: '1000000',
  },
});

const MB = 1024 * 1024;
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** Values that are wrong for almost any field. */
const wrongValues: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  -0.5,
  '',
  ' ',
  'x'.repeat(70_000),
  '\u202Eevil\u200B',
  '\u0000',
  '\ud800',
  [],
  [1, 'a', null],
  {},
  { $ne: null },
  { __proto__: { admin: true } },
  '00000000-0000-0000-0000-000000000000',
  '2020-13-45T99:99:99Z',
  '<script>alert(1)</script>',
  "' or 1=1 --",
];

/** Bodies that are not JSON at all, or not the JSON anyone expects. */
const brokenJson: readonly string[] = [
  '{',
  '{"a":',
  '[',
  'nul',
  "{'a':1}",
  '{"a":1,}',
  '"just a string"',
  '12345',
  'true',
  '\u0000\u0001\u0002',
  '{"a":"\\ud800"}',
  '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}',
  deepArray(20_000),
  deepObject(6_000),
  `{"a":"${'x'.repeat(MB)}"}`,
  `[${'1,'.repeat(20_000)}1]`,
];

const pathValues: readonly string[] = [
  'x',
  '-1',
  '0',
  '1e309',
  'null',
  'undefined',
  '%00',
  '%ZZ',
  '%E0%A4%A',
  '..%2F..%2Fetc%2Fpasswd',
  encodeURIComponent("'; drop table users; --"),
  'a'.repeat(5_000),
  encodeURIComponent('😀'),
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '__proto__',
  'constructor',
];

const queryValues: readonly string[] = [
  '',
  '-1',
  '0',
  '99999999999999999999',
  'NaN',
  'Infinity',
  'true',
  '[]',
  '{}',
  '%ZZ',
  '%00',
  'x'.repeat(10_000),
  '2020-02-30',
  "'; drop table messages; --",
];

interface Operation {
  method: string;
  /** Path template below /api/v1 or at the root, with `{name}` parameters. */
  path: string;
  pathParams: string[];
  queryParams: { name: string; type?: string }[];
  json?: { properties: Record<string, { type?: string }> };
  multipart: boolean;
}

type OpenApiOperation = {
  parameters?: { in: string; name: string; schema?: { type?: string } }[];
  requestBody?: {
    content?: Record<string, { schema?: { properties?: Record<string, { type?: string }> } }>;
  };
};

function operationsOf(spec: { paths: Record<string, Record<string, OpenApiOperation>> }) {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const jsonSchema = content['application/json']?.schema;
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, type: p.schema?.type })),
        json: jsonSchema ? { properties: jsonSchema.properties ?? {} } : undefined,
        multipart: 'multipart/form-data' in content,
      });
    }
  }
  return ops;
}

interface Request {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** What was broken, for the failure report. */
  what: string;
}

interface Callers {
  user: SignedInUser;
  admin: SignedInUser;
  /** Real ids, so that some requests get past the "not found" to the validation behind it. */
  realIds: string[];
  forged: string[];
}

function fillPath(op: Operation, rng: Rng, callers: Callers, broken?: string): string {
  let path = op.path;
  for (const name of op.pathParams) {
    const value = broken ?? (rng.next() < 0.7 ? rng.pick(callers.realIds) : randomUUID());
    path = path.replace(`{${name}}`, value);
  }
  return path;
}

function authFor(rng: Rng, callers: Callers): Record<string, string> {
  const roll = rng.next();
  if (roll < 0.55) return callers.user.headers;
  if (roll < 0.8) return callers.admin.headers;
  if (roll < 0.9) return {};
  return { authorization: rng.pick(callers.forged) };
}

const json = (body: unknown) => JSON.stringify(body);
/** Percent-encodes what can be; a lone surrogate goes as raw bytes, as a careless client sends it. */
const encodeQuery = (value: string) => {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
};

/** Every kind of breakage for one operation, then random mixes: deterministic for the seed. */
function* casesFor(op: Operation, rng: Rng, callers: Callers): Generator<Request> {
  const base = () => ({ method: op.method, headers: { ...authFor(rng, callers) } });
  const url = (path: string, query = '') => `${path}${query ? `?${query}` : ''}`;
  /** A request with a body, sent with the caller's headers and `headers`. */
  const withBody = (
    headers: Record<string, string>,
    payload: string | Buffer,
    what: string,
  ): Request => {
    const r = base();
    return {
      ...r,
      url: fillPath(op, rng, callers),
      headers: { ...r.headers, ...headers },
      payload,
      what,
    };
  };

  for (const value of op.pathParams.length > 0 ? pathValues : []) {
    yield {
      ...base(),
      url: url(fillPath(op, rng, callers, value)),
      what: `path ${value.slice(0, 40)}`,
    };
  }
  const queries = op.queryParams.length > 0 ? op.queryParams : [{ name: 'unexpected' }];
  for (const param of queries) {
    for (let i = 0; i < 4; i++) {
      const value = rng.pick(queryValues);
      yield {
        ...base(),
        url: url(fillPath(op, rng, callers), `${param.name}=${value}`),
        what: `query ${param.name}=${value.slice(0, 40)}`,
      };
    }
  }
  const duplicated = queries.map((p) => `${p.name}=1&${p.name}=2`).join('&');
  for (const query of [
    duplicated,
    '__proto__[admin]=1&constructor[prototype][x]=1',
    '%ZZ=%ZZ',
    '&&&=&',
  ]) {
    yield {
      ...base(),
      url: url(fillPath(op, rng, callers), query),
      what: `query ${query.slice(0, 40)}`,
    };
  }

  if (op.json || (op.method !== 'GET' && !op.multipart)) {
    const jsonHeaders = { 'content-type': 'application/json' };
    for (const payload of brokenJson) {
      yield withBody(jsonHeaders, payload, `json ${payload.slice(0, 40)}`);
    }
    const fields = Object.keys(op.json?.properties ?? {}).slice(0, 12);
    for (const field of fields.length > 0 ? fields : ['unexpected']) {
      for (let i = 0; i < 3; i++) {
        const value = rng.pick(wrongValues);
        yield withBody(
          jsonHeaders,
          json({ [field]: value }),
          `field ${field}=${json(value)?.slice(0, 40)}`,
        );
      }
    }
    const odd: [string, string][] = [
      ['text/plain', 'hello'],
      ['application/xml', '<a/>'],
      ['application/json; charset=utf-16', json({ a: 1 })],
      ['multipart/form-data', '--x\r\n'],
      ['application/x-www-form-urlencoded', 'a=1&b=%ZZ'],
      ['application/json', ''],
    ];
    for (const [contentType, payload] of odd) {
      yield withBody({ 'content-type': contentType }, payload, `content-type ${contentType}`);
    }
  }

  if (op.multipart) {
    const form = multipartForm([
      { field: 'duration_ms', value: '1000' },
      {
        field: 'file',
        filename: 'p.png',
        type: 'image/png',
        bytes: Buffer.concat([tinyPng, Buffer.alloc(4096, 1)]),
      },
    ]);
    const whole = form.payload;
    const variants: [string, Buffer, Record<string, string>][] = [];
    for (let i = 0; i < 8; i++) {
      const cut = 1 + rng.int(whole.length - 2);
      variants.push([`truncated at ${cut}`, whole.subarray(0, cut), form.headers]);
    }
    variants.push(['no boundary', whole, { 'content-type': 'multipart/form-data' }]);
    variants.push([
      'other boundary',
      whole,
      { 'content-type': 'multipart/form-data; boundary=nope' },
    ]);
    variants.push(['empty', Buffer.alloc(0), form.headers]);
    variants.push(['garbage', Buffer.from(deepArray(1000)), form.headers]);
    const boundary = form.headers['content-type']!.split('boundary=')[1]!;
    const raw = (parts: string) => Buffer.from(`${parts}--${boundary}--\r\n`);
    variants.push([
      'part without a name',
      raw(`--${boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n`),
      form.headers,
    ]);
    variants.push([
      'huge field',
      raw(
        `--${boundary}\r\nContent-Disposition: form-data; name="duration_ms"\r\n\r\n${'9'.repeat(MB)}\r\n`,
      ),
      form.headers,
    ]);
    variants.push([
      'huge part header',
      raw(
        `--${boundary}\r\nContent-Disposition: form-data; name="${'n'.repeat(100_000)}"\r\n\r\nx\r\n`,
      ),
      form.headers,
    ]);
    variants.push([
      'two files',
      Buffer.concat([
        multipartForm([
          { field: 'file', filename: 'a.png', bytes: tinyPng },
          { field: 'file', filename: 'b.png', bytes: tinyPng },
        ]).payload,
      ]),
      form.headers,
    ]);
    for (const [what, payload, headers] of variants) {
      yield withBody(headers, payload, `multipart ${what}`);
    }
  }

  for (const authorization of callers.forged) {
    yield {
      method: op.method,
      url: fillPath(op, rng, callers),
      headers: { authorization },
      what: `credentials ${authorization.slice(0, 40)}`,
    };
  }
  yield {
    method: op.method,
    url: fillPath(op, rng, callers),
    headers: { cookie: `kindred_access=${'x'.repeat(8000)}; kindred_refresh=%ZZ` },
    what: 'cookie garbage',
  };
}

/** Random mixes of the above, for volume. */
function randomCase(ops: Operation[], rng: Rng, callers: Callers): Request {
  const op = rng.pick(ops);
  const roll = rng.next();
  const path = fillPath(
    op,
    rng,
    callers,
    op.pathParams.length > 0 && roll < 0.3 ? rng.pick(pathValues) : undefined,
  );
  const param = op.queryParams.length > 0 ? rng.pick(op.queryParams).name : 'q';
  const query = `${param}=${encodeQuery(String(rng.pick(wrongValues) ?? ''))}`.slice(0, 12_000);
  const fields = Object.keys(op.json?.properties ?? {});
  const body: Record<string, unknown> = {};
  for (const field of fields) body[field] = rng.next() < 0.5 ? rng.pick(wrongValues) : 'ok';
  return {
    method: op.method,
    url: `${path}?${query}`,
    headers: {
      ...authFor(rng, callers),
      ...(op.method === 'GET' ? {} : { 'content-type': 'application/json' }),
    },
    payload: op.method === 'GET' ? undefined : rng.next() < 0.2 ? rng.pick(brokenJson) : json(body),
    what: `mix ${op.method} ${op.path}`,
  };
}

async function forgedTokens(secret: string, userId: string): Promise<string[]> {
  const key = new TextEncoder().encode(secret);
  const now = Math.floor(Date.now() / 1000);
  const sign = (
    claims: Record<string, unknown>,
    sub: string | undefined,
    exp: number | undefined,
  ) => {
    let jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('kindred')
      .setAudience('kindred')
      .setIssuedAt(now);
    if (sub !== undefined) jwt = jwt.setSubject(sub);
    if (exp !== undefined) jwt = jwt.setExpirationTime(exp);
    return jwt.sign(key);
  };
  const none = (claims: object) =>
    `${Buffer.from(json({ alg: 'none' })).toString('base64url')}.${Buffer.from(json(claims)).toString('base64url')}.`;
  return [
    'Bearer',
    'Bearer ',
    'Bearer x.y.z',
    `Bearer ${'a'.repeat(10_000)}`,
    'Basic YWRtaW46YWRtaW4=',
    `Bearer ${none({ sub: userId, adm: true, iss: 'kindred', aud: 'kindred', exp: now + 600 })}`,
    `Bearer ${await sign({ adm: true }, 'not-a-uuid', now + 600)}`,
    `Bearer ${await sign({ adm: true }, userId, undefined)}`,
    `Bearer ${await sign({ adm: true }, randomUUID(), now + 600)}`,
    `Bearer ${await sign({ adm: 'yes', fam: 42, iat_ms: 'soon' }, userId, now + 600)}`,
    `Bearer ${await sign({}, userId, now - 60)}`,
  ];
}

/** Runs requests `concurrency` at a time; a request slower than HANG_MS is a hang. */
async function runAll(requests: Request[], concurrency: number) {
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let index = 0;
  async function worker() {
    while (index < requests.length) {
      const request = requests[index++]!;
      const timer = new Promise<'hang'>((resolve) =>
        setTimeout(() => resolve('hang'), HANG_MS).unref(),
      );
      const response = await Promise.race([
        t.app.inject({
          method: request.method as 'GET',
          url:
            request.url.startsWith('/api/') || request.url.startsWith('/docs')
              ? request.url
              : `/api/v1${request.url}`,
          headers: request.headers,
          payload: request.payload,
        }),
        timer,
      ]);
      if (response === 'hang') {
        failures.push(`hang: ${request.method} ${request.url.slice(0, 80)} (${request.what})`);
        continue;
      }
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      const where = `${response.statusCode} ${request.method} ${request.url.slice(0, 80)} (${request.what})`;
      if (response.statusCode >= 500) failures.push(`${where}: ${response.body.slice(0, 200)}`);
      else if (response.statusCode >= 400) {
        let body: unknown;
        try {
          body = response.json();
        } catch {
          body = response.body;
        }
        if (!errorBodySchema.safeParse(body).success) {
          failures.push(`${where}: not the error body: ${String(response.body).slice(0, 200)}`);
        }
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { failures, statuses };
}

describe('fuzzing the HTTP API', () => {
  it(
    `answers ${HTTP_CASES}+ malformed requests over every documented route without a 5xx or a hang`,
    { timeout: 120_000 },
    async () => {
      const rng = seeded(SEED);
      const spec = (await t.app.inject({ url: '/docs/json' })).json();
      const ops = operationsOf(spec);
      expect(ops.length).toBeGreaterThan(50);
      const { a, b, id } = await storedDirectChat(t.app);
      const admin = await signUp(t.app, { isAdmin: true });
      const sent = await t.api(a, 'POST', `/conversations/${id}/messages`, { content: 'hello' });
      const callers: Callers = {
        user: a,
        admin,
        // Not the callers' own ids: an admin route may ban or delete the person it names.
        realIds: [id, b.id, sent.json().message.id],
        forged: await forgedTokens(t.config.jwtSecret, a.id),
      };
      // Calls that would end the fuzzing users' own sessions are made without their tokens.
      const ending = (op: Operation) =>
        (op.method === 'POST' && op.path.endsWith('/auth/logout')) ||
        (op.method === 'DELETE' && op.path.endsWith('/users/me'));
      const requests: Request[] = [];
      for (const op of ops) {
        for (const request of casesFor(op, rng, callers)) {
          if (ending(op)) request.headers = { ...request.headers, authorization: 'Bearer x' };
          requests.push(request);
        }
      }
      const touched = new Set(requests.map((r) => r.what));
      while (requests.length < HTTP_CASES) {
        const request = randomCase(
          ops.filter((op) => !ending(op)),
          rng,
          callers,
        );
        requests.push(request);
      }
      const started = Date.now();
      const { failures, statuses } = await runAll(requests, 8);
      const elapsed = Date.now() - started;
      console.warn(
        `fuzz: ${requests.length} requests over ${ops.length} operations in ${elapsed} ms; statuses ${json(Object.fromEntries(statuses))}; ${touched.size} kinds`,
      );
      expect(failures.slice(0, 30)).toEqual([]);
      expect([...statuses.keys()].every((s) => s < 500)).toBe(true);

      // Still alive, and still serving: the fuzzing user is still signed in (whatever the fuzz
      // did to its chat, such as a block), and a new conversation works as ever.
      expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
      expect((await t.api(a, 'GET', '/users/me')).statusCode).toBe(200);
      const fresh = await storedDirectChat(t.app);
      const after = await t.api(fresh.a, 'POST', `/conversations/${fresh.id}/messages`, {
        content: 'still here',
      });
      expect(after.statusCode).toBe(201);
    },
  );

  it(
    'answers broken HTTP itself (bad request lines, headers, chunking) with a 4xx',
    { timeout: 60_000 },
    async () => {
      const url = new URL(t.url);
      const raw = (text: string) =>
        new Promise<string>((resolve) => {
          const socket = net.connect(Number(url.port), url.hostname);
          let received = '';
          socket.on('data', (chunk) => (received += chunk.toString()));
          socket.on('close', () => resolve(received));
          socket.on('error', () => resolve(received));
          socket.setTimeout(HANG_MS, () => {
            socket.destroy();
            resolve('hang');
          });
          socket.write(text);
        });
      const broken = [
        'GET /api/v1/users/me HTTP/9.9\r\n\r\n',
        'GET /api/v1/\u0000 HTTP/1.1\r\nHost: x\r\n\r\n',
        'BREW /api/v1/config HTTP/1.1\r\nHost: x\r\n\r\n',
        `GET /api/v1/config HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`,
        'GET /api/v1/config HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n',
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
        'GET /api/v1/users/%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      ];
      for (const text of broken) {
        const answer = await raw(text);
        expect(answer, text.slice(0, 60)).toMatch(/^HTTP\/1\.1 4\d\d/);
      }
      expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    },
  );
});

describe('fuzzing the socket events', () => {
  it(
    `answers ${SOCKET_CASES} malformed events with the error body (or drops them) and keeps serving`,
    { timeout: 120_000 },
    async () => {
      const rng = seeded(SEED + 1);
      const { a, id } = await storedDirectChat(t.app);
      const events = [
        'join_chat',
        'leave_chat',
        'send_message',
        'edit_message',
        'delete_message',
        'typing',
        'mark_read',
        'message_reaction',
        'sync',
        'status_change',
        'watch_listeners',
        'unwatch_listeners',
        'reauthenticate',
      ];
      const unknown = [
        '',
        'constructor',
        '__proto__',
        'hasOwnProperty',
        'x'.repeat(1000),
        'toString',
      ];
      const fields = [
        'session_id',
        'message_id',
        'content',
        'seq',
        'message_id',
        'emoji',
        'action',
        'after_version_seq',
        'client_msg_id',
        'attachment_id',
        'availability',
        'is_typing',
        'token',
        'limit',
      ];
      const payloads = (): unknown => {
        const roll = rng.int(8);
        if (roll === 0) return rng.pick(wrongValues);
        if (roll === 1) return JSON.parse(deepArray(rng.pick([10, 500, 3000])));
        if (roll === 2) return Array.from({ length: rng.pick([10, 10_000]) }, (_, i) => i);
        if (roll === 3) return Buffer.alloc(rng.pick([1, 1000, 100_000]), 7);
        const body: Record<string, unknown> = {};
        for (let i = 0, n = 1 + rng.int(4); i < n; i++) {
          const field = rng.pick(fields);
          body[field] =
            rng.next() < 0.3
              ? field === 'session_id'
                ? id
                : rng.pick(wrongValues)
              : rng.pick(wrongValues);
        }
        return body;
      };

      let socket: ClientSocket = await t.connect(a);
      let acked = 0;
      let dropped = 0;
      let reconnects = 0;
      const failures: string[] = [];
      for (let i = 0; i < SOCKET_CASES; i++) {
        if (!socket.connected) {
          reconnects++;
          socket = await t.connect(a);
        }
        const event = rng.next() < 0.9 ? rng.pick(events) : rng.pick(unknown);
        const payload = payloads();
        const shape = rng.int(4);
        const args: unknown[] =
          shape === 0
            ? []
            : shape === 1
              ? [payload]
              : shape === 2
                ? [payload, 'extra', 42]
                : [payload];
        // Nobody listens to an unknown event, so it is never acknowledged: sent without a callback.
        const wantsAck = shape !== 3 && rng.next() < 0.8 && events.includes(event);
        if (!wantsAck) {
          (socket.emit as (e: string, ...a: unknown[]) => void)(event, ...args);
          dropped++;
          continue;
        }
        try {
          const ack = await (
            socket.timeout(HANG_MS).emitWithAck as (e: string, ...a: unknown[]) => Promise<unknown>
          )(event, ...args);
          acked++;
          const body = ack as { success?: unknown };
          if (body?.success === false) {
            if (!errorBodySchema.safeParse(ack).success)
              failures.push(`${event}: ${json(ack).slice(0, 200)}`);
            else if ((ack as { code: string }).code === 'INTERNAL_ERROR')
              failures.push(`${event}: INTERNAL_ERROR`);
          } else if (body?.success !== true)
            failures.push(`${event}: not an ack body: ${json(ack)?.slice(0, 200)}`);
        } catch {
          // No ack: fine for an unknown event (nobody listens), or when the payload was too big
          // for the transport (the server closes that socket); a known event must answer.
          if (events.includes(event) && socket.connected)
            failures.push(`${event}: no ack within ${HANG_MS} ms`);
        }
      }
      console.warn(
        `socket fuzz: ${SOCKET_CASES} events, ${acked} acked, ${dropped} without ack, ${reconnects} reconnects`,
      );
      expect(failures.slice(0, 30)).toEqual([]);

      // The fuzzing user's socket still answers, and a real conversation works end to end.
      if (!socket.connected) socket = await t.connect(a);
      expect(
        await emitAck(socket, 'sync', { session_id: id, after_version_seq: 0 }),
      ).toHaveProperty('success');
      const fresh = await storedDirectChat(t.app);
      const sender = await t.connect(fresh.a);
      const other = await t.connect(fresh.b);
      const arrived = new Promise((resolve) => other.on('new_message', resolve));
      const ack = await emitAck(sender, 'send_message', {
        session_id: fresh.id,
        content: 'after the storm',
        client_msg_id: randomUUID(),
      });
      expect(ack).toMatchObject({ success: true });
      expect(await arrived).toMatchObject({ content: 'after the storm' });
    },
  );
});
