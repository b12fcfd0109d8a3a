import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errors } from '../lib/errors';

const CSP = [
  "default-src 'self'",
  "script-src 'self' https://accounts.google.com/gsi/client",
  "style-src 'self' 'unsafe-inline' https://accounts.google.com/gsi/style",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss: https://accounts.google.com/gsi/",
  'frame-src https://accounts.google.com/gsi/',
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

const isApiPath = (url: string) =>
  /^\/(api|assets|socket\.io|docs|metrics|healthz|readyz)(\/|\?|$)/.test(url);

/** Serves the built SPA from the same origin; unknown non-API GETs get index.html (client routing). */
export async function registerSpa(
  app: FastifyInstance,
  webDist: string | undefined,
): Promise<void> {
  if (webDist) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders: (res, filePath) => {
        // Vite fingerprints everything under assets/, so it may be cached for good.
        const immutable = filePath.includes('/assets/');
        res.setHeader(
          'cache-control',
          immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    if (webDist && request.method === 'GET' && !isApiPath(request.url)) {
      reply.header('content-security-policy', CSP).header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    }
    throw errors.notFound('Route');
  });
}
