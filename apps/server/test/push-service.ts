/**
 * A Web Push service on 127.0.0.1 for tests, as a browser's push service would be: HTTPS, a
 * subscription per browser with its own key pair (ECDH P-256) and 16-byte auth secret, payloads
 * decrypted as RFC 8291 prescribes (aes128gcm, with `http_ece`), the sender's VAPID token
 * (RFC 8292) checked. It records what arrived and can answer 410 Gone for an endpoint.
 *
 * web-push only speaks HTTPS, so the service has a self-signed certificate for 127.0.0.1,
 * generated here, and `trust()` makes this process's default HTTPS agent accept it (and only it).
 */
import {
  createECDH,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
  verify,
} from 'node:crypto';
import https from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

interface Ece {
  decrypt(
    buffer: Buffer,
    params: { version: 'aes128gcm'; privateKey: ReturnType<typeof createECDH>; authSecret: string },
  ): Buffer;
}
const ece = createRequire(import.meta.url)('http_ece') as Ece;

export interface PushSubscriptionJson {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface ReceivedPush {
  endpoint: string;
  /** The decrypted payload, parsed as JSON. */
  payload: unknown;
  headers: {
    ttl?: string;
    urgency?: string;
    topic?: string;
    contentEncoding?: string;
  };
  /** The VAPID token: signature valid for the key the sender named, its claims. */
  vapid: { valid: boolean; publicKey?: string; audience?: unknown; subject?: unknown };
}

export interface PushService {
  origin: string;
  /** A new browser subscription (endpoint and keys), as `pushManager.subscribe()` returns it. */
  subscribe(): PushSubscriptionJson;
  /** Answers 410 Gone for this endpoint from now on (the browser unsubscribed). */
  gone(endpoint: string): void;
  /** Pushes delivered (answered 201), in order. */
  received: ReceivedPush[];
  /** Requests seen for an endpoint, delivered or refused. */
  requests(endpoint: string): number;
  waitFor(endpoint: string, options?: { count?: number; timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

// ── A self-signed certificate for 127.0.0.1, in DER by hand (no openssl needed) ────────────────
function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}
const seq = (...items: Buffer[]) => der(0x30, ...items);
const set = (...items: Buffer[]) => der(0x31, ...items);
function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const part of rest) {
    const chunk = [part & 0x7f];
    for (let v = part >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}
const utcTime = (date: Date) =>
  der(0x17, Buffer.from(date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z'));

function selfSignedCertificate(): { cert: string; key: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), der(0x0c, Buffer.from('127.0.0.1')))));
  const now = Date.now();
  const serial = randomBytes(8);
  // A positive INTEGER with no leading zero byte (DER forbids one: "illegal padding").
  serial[0] = (serial[0]! & 0x3f) | 0x40;
  const extensions = der(
    0xa3,
    seq(
      // basicConstraints (critical): CA, so it can be its own trust anchor.
      seq(
        oid('2.5.29.19'),
        der(0x01, Buffer.from([0xff])),
        der(0x04, seq(der(0x01, Buffer.from([0xff])))),
      ),
      // subjectAltName: IP 127.0.0.1.
      seq(oid('2.5.29.17'), der(0x04, seq(der(0x87, Buffer.from([127, 0, 0, 1]))))),
    ),
  );
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, serial),
    ecdsaWithSha256,
    name,
    seq(utcTime(new Date(now - 86_400_000)), utcTime(new Date(now + 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const certificate = seq(tbs, ecdsaWithSha256, der(0x03, Buffer.from([0]), signature));
  const lines = certificate.toString('base64').match(/.{1,64}/g) ?? [];
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

// ── VAPID (RFC 8292): `Authorization: vapid t=<JWT>, k=<public key>` ──────────────────────────
function checkVapid(header: string | undefined): ReceivedPush['vapid'] {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!match) return { valid: false };
  const [, token = '', key = ''] = match;
  const [head = '', claims = '', signature = ''] = token.split('.');
  const point = Buffer.from(key, 'base64url');
  try {
    const publicKey = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33, 65).toString('base64url'),
      },
      format: 'jwk',
    });
    const valid = verify(
      'sha256',
      Buffer.from(`${head}.${claims}`),
      { key: publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
    const body = JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
    const fresh = typeof body.exp === 'number' && body.exp * 1000 > Date.now();
    return { valid: valid && fresh, publicKey: key, audience: body.aud, subject: body.sub };
  } catch {
    return { valid: false, publicKey: key };
  }
}

export async function startPushService(): Promise<PushService> {
  const { cert, key } = selfSignedCertificate();
  const subscriptions = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: string }>();
  const goneEndpoints = new Set<string>();
  const counts = new Map<string, number>();
  const received: ReceivedPush[] = [];
  const waiters = new Set<() => void>();
  let origin = '';

  const server = https.createServer({ cert, key }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const endpoint = `${origin}${request.url ?? ''}`;
      counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);
      const subscription = subscriptions.get(endpoint);
      const answer = (status: number) => {
        response.writeHead(status).end();
        for (const wake of waiters) wake();
      };
      if (request.method !== 'POST' || !subscription) return answer(404);
      if (goneEndpoints.has(endpoint)) return answer(410);
      try {
        const plain = ece.decrypt(Buffer.concat(chunks), {
          version: 'aes128gcm',
          privateKey: subscription.ecdh,
          authSecret: subscription.auth,
        });
        const header = (name: string) => request.headers[name] as string | undefined;
        received.push({
          endpoint,
          payload: JSON.parse(plain.toString('utf8')),
          headers: {
            ttl: header('ttl'),
            urgency: header('urgency'),
            topic: header('topic'),
            contentEncoding: header('content-encoding'),
          },
          vapid: checkVapid(header('authorization')),
        });
        answer(201);
      } catch {
        answer(400);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // web-push sends through the default HTTPS agent: it accepts this service's certificate.
  const agentOptions = https.globalAgent.options as { ca?: unknown };
  const previousCa = agentOptions.ca;
  agentOptions.ca = [cert];

  return {
    origin,
    subscribe() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16).toString('base64url');
      const endpoint = `${origin}/push/${randomUUID()}`;
      subscriptions.set(endpoint, { ecdh, auth });
      return { endpoint, keys: { p256dh: ecdh.getPublicKey('base64url'), auth } };
    },
    gone: (endpoint) => void goneEndpoints.add(endpoint),
    received,
    requests: (endpoint) => counts.get(endpoint) ?? 0,
    waitFor(endpoint, options = {}) {
      const count = options.count ?? 1;
      const timeoutMs = options.timeoutMs ?? 15_000;
      return new Promise((resolve, reject) => {
        const check = () => {
          if ((counts.get(endpoint) ?? 0) < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`fewer than ${count} push requests to ${endpoint} in ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      agentOptions.ca = previousCa;
      https.globalAgent.destroy();
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
