import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './app';
import { listen } from './sockets';

const apps: TestApp[] = [];
afterAll(async () => Promise.all(apps.map((a) => a.close())));

async function appWith(env: Record<string, string>) {
  const built = await buildTestApp({ env });
  apps.push(built);
  return built;
}

describe('HTTP limits', () => {
  it('answers 408 and closes a request whose body never finishes', async () => {
    const t = await appWith({ REQUEST_TIMEOUT_SECONDS: '1' });
    const url = new URL(await listen(t.app));
    const socket = net.connect(Number(url.port), url.hostname);
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    const closed = new Promise<number>((resolve) => {
      const started = Date.now();
      socket.on('close', () => resolve(Date.now() - started));
    });
    socket.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000\r\n\r\n{"email":',
    );
    const elapsed = await Promise.race([
      closed,
      new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), 10_000)),
    ]).finally(() => socket.destroy());
    expect(elapsed).toBeLessThan(10_000);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('tells browsers to keep to HTTPS in production only', async () => {
    const production = await appWith({ NODE_ENV: 'production' });
    const response = await production.app.inject({ url: '/healthz' });
    expect(response.headers['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
    const local = await appWith({});
    expect(
      (await local.app.inject({ url: '/healthz' })).headers['strict-transport-security'],
    ).toBeUndefined();
  });
});
