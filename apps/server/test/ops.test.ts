import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from './app';
import { signUp } from './factories';

let dist: string;
beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'kindred-dist-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(
    path.join(dist, 'index.html'),
    `<!doctype html><title>Kindred</title><script>${THEME_SCRIPT}</script>`,
  );
  await writeFile(path.join(dist, 'assets', 'app-abc.js'), 'console.log(1)');
  // As the build writes them: the same file, brotli and gzip, beside it.
  const script = Buffer.from(SCRIPT);
  await writeFile(path.join(dist, 'assets', 'chat-123.js'), script);
  await writeFile(path.join(dist, 'assets', 'chat-123.js.br'), brotliCompressSync(script));
  await writeFile(path.join(dist, 'assets', 'chat-123.js.gz'), gzipSync(script));
});
const THEME_SCRIPT = "document.documentElement.dataset.theme = 'dark';";
const SCRIPT = `export const words = ${JSON.stringify('calm '.repeat(200))};`;
const t = useTestApp(() => ({
  env: {
    WEB_DIST: dist,
    JITSI_DOMAIN: 'meet.example.org',
    JITSI_APP_ID: 'kindred',
    JITSI_APP_SECRET: 'a-shared-secret-of-32-characters',
  },
}));

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

describe('operations endpoints', () => {
  it('answers liveness and readiness (database reachable)', async () => {
    expect((await get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await get('/readyz')).json()).toEqual({ status: 'ready', database: 'ok' });
  });

  it('exposes Prometheus metrics including request durations by route', async () => {
    await get('/healthz');
    const metrics = await get('/metrics');
    expect(metrics.headers['content-type']).toMatch(/text\/plain/);
    expect(metrics.body).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/healthz"/);
    expect(metrics.body).toContain('process_resident_memory_bytes');
  });

  it('publishes the OpenAPI document generated from the zod schemas', async () => {
    const doc = (await get('/docs/json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/users/me']),
    );
    expect(doc.paths['/api/v1/auth/register'].post.requestBody).toBeDefined();
    expect((await get('/docs')).statusCode).toBeLessThan(400);
  });

  it('tags each response with a request id, echoing a sane one from the client', async () => {
    expect((await get('/healthz')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await get('/healthz', { 'x-request-id': 'abc-123' })).headers['x-request-id']).toBe(
      'abc-123',
    );
    expect((await get('/healthz', { 'x-request-id': 'bad id!' })).headers['x-request-id']).not.toBe(
      'bad id!',
    );
  });
});

describe('web app and unknown routes', () => {
  it('serves the SPA for app routes with a content security policy', async () => {
    for (const url of ['/', '/profile', '/login?next=%2Fprofile']) {
      const response = await get(url);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<title>Kindred</title>');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    }
    expect((await get('/assets/app-abc.js')).headers['cache-control']).toContain('immutable');
  });

  it('allows the inline theme script of index.html by its hash, and no other inline script', async () => {
    const csp = (await get('/dashboard')).headers['content-security-policy'] as string;
    const hash = createHash('sha256').update(THEME_SCRIPT).digest('base64');
    const scripts = csp.split('; ').find((part) => part.startsWith('script-src '));
    expect(scripts).toContain(`'sha256-${hash}'`);
    expect(scripts).not.toContain('unsafe-inline');
  });

  it("allows the configured Jitsi server's IFrame API script and its room frame", async () => {
    const csp = (await get('/appointments/x')).headers['content-security-policy'] as string;
    const part = (name: string) => csp.split('; ').find((p) => p.startsWith(`${name} `));
    expect(part('script-src')).toContain('https://meet.example.org');
    expect(part('frame-src')).toContain('https://meet.example.org');
    expect(part('frame-src')).not.toContain('meet.jit.si');
  });

  it('sends static files precompressed, as the browser accepts, and says it varies', async () => {
    const brotli = await get('/assets/chat-123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect(brotli.headers.vary).toMatch(/accept-encoding/i);
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(SCRIPT);

    const gzip = await get('/assets/chat-123.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(SCRIPT);

    const plain = await get('/assets/chat-123.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.body).toBe(SCRIPT);
  });

  it('answers unknown API routes and assets with a 404 error body, not the SPA', async () => {
    for (const url of ['/api/v1/nothing', '/assets/missing.js']) {
      const response = await get(url);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ success: false, code: 'NOT_FOUND' });
    }
  });

  it('answers a wrong method with a 404 error body and never a 5xx', async () => {
    const user = await signUp(t.app);
    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/users/me',
      headers: user.headers,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().success).toBe(false);
  });
});
