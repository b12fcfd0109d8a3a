/**
 * What a deployment exposes on its public port: in production neither Prometheus metrics nor the
 * API explorer unless asked for; metrics can have a private port of their own; the explorer, where
 * served, runs under a content security policy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './app';

let current: TestApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});
const build = async (env: Record<string, string>) => {
  current = await buildTestApp({ env });
  return current.app;
};
const get = (app: TestApp['app'], url: string) => app.inject({ method: 'GET', url });

describe('metrics and API docs', () => {
  it('in production serves neither on the app port by default', async () => {
    const app = await build({ NODE_ENV: 'production' });
    expect((await get(app, '/metrics')).statusCode).toBe(404);
    expect((await get(app, '/docs')).statusCode).toBe(404);
    expect((await get(app, '/docs/json')).statusCode).toBe(404);
    expect((await get(app, '/healthz')).statusCode).toBe(200);
  });

  it('serves metrics on a private port of their own when METRICS_PORT is set', async () => {
    const app = await build({ NODE_ENV: 'production', METRICS_PORT: '0' });
    expect((await get(app, '/metrics')).statusCode).toBe(404);
    const url = (app as unknown as { metricsUrl(): string }).metricsUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('process_resident_memory_bytes');
    expect((await fetch(`${url}/other`)).status).toBe(404);
  });

  it('serves the explorer when asked, under a CSP that allows no inline script and no framing', async () => {
    const app = await build({ NODE_ENV: 'production', API_DOCS: 'true', METRICS_PUBLIC: 'true' });
    expect((await get(app, '/metrics')).statusCode).toBe(200);
    for (const url of ['/docs', '/docs/static/index.html']) {
      const response = await get(app, url);
      if (response.statusCode >= 300 && response.statusCode < 400) continue;
      expect(response.statusCode).toBe(200);
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
    }
    expect((await get(app, '/docs/json')).json().openapi).toMatch(/^3\./);
  });
});
