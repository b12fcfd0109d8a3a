import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics on GET /metrics: process defaults plus request durations by route. Served on
 * the app's port when `public`, and on a port of its own (for a private scrape) when `port` is set.
 */
export function registerMetrics(
  app: FastifyInstance,
  where: { public: boolean; port: number | undefined; host: string } = {
    public: true,
    port: undefined,
    host: '127.0.0.1',
  },
): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        // The route pattern, not the URL, so ids do not explode the label set.
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  if (where.public) {
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    });
  }
  if (where.port !== undefined) {
    let server: Server | undefined;
    let url: string | undefined;
    /** Where the private metrics listener is, once the app is ready (tests, logs). */
    app.decorate('metricsUrl', () => url);
    app.addHook('onReady', async () => {
      server = createServer((request, response) => {
        if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
          response.writeHead(404).end();
          return;
        }
        registry.metrics().then(
          (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
          () => response.writeHead(500).end(),
        );
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(where.port, where.host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      app.log.info({ port: address.port, host: where.host }, 'metrics listening');
      url = `http://${where.host}:${address.port}`;
    });
    app.addHook('onClose', async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    });
  }
  return registry;
}
