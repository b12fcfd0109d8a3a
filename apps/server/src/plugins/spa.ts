import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errors } from '../lib/errors';

/** `videoOrigin`: the deployment's Jitsi server, whose IFrame API script and room are embedded. */
const cspWith = (inlineScriptHashes: string[], videoOrigin: string | null) =>
  [
    "default-src 'self'",
    [
      "script-src 'self'",
      ...inlineScriptHashes,
      'https://accounts.google.com/gsi/client',
      ...(videoOrigin ? [videoOrigin] : []),
    ].join(' '),
    "style-src 'self' 'unsafe-inline' https://accounts.google.com/gsi/style",
    "img-src 'self' data: blob:",
    "connect-src 'self' ws: wss: https://accounts.google.com/gsi/",
    ['frame-src https://accounts.google.com/gsi/', ...(videoOrigin ? [videoOrigin] : [])].join(' '),
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

const isApiPath = (url: string) =>
  /^\/(api|assets|socket\.io|docs|metrics|healthz|readyz)(\/|\?|$)/.test(url);

/** Text formats the build precompresses (brotli and gzip beside the file). */
const compressible = /\.(js|mjs|css|html|svg|json|webmanifest|txt|xml|map|ico)(\.br|\.gz)?$/;

/**
 * The CSP of index.html: its inline scripts (the theme chosen before the first paint) are
 * allowed by their hashes, read from the built file, so that no other inline script can run.
 */
function indexPolicy(webDist: string, videoOrigin: string | null): () => string {
  let cached: { mtimeMs: number; policy: string } | null = null;
  return () => {
    const file = path.join(webDist, 'index.html');
    const { mtimeMs } = statSync(file);
    if (cached?.mtimeMs !== mtimeMs) {
      const html = readFileSync(file, 'utf8');
      const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
        ([, body]) =>
          `'sha256-${createHash('sha256')
            .update(body ?? '')
            .digest('base64')}'`,
      );
      cached = { mtimeMs, policy: cspWith(hashes, videoOrigin) };
    }
    return cached.policy;
  };
}

/**
 * Serves the built SPA from the same origin; unknown non-API GETs get index.html (client
 * routing). Files are sent precompressed (brotli, else gzip, as the browser accepts) with
 * `Vary: Accept-Encoding`; fingerprinted files under assets/ may be cached for good.
 */
export async function registerSpa(
  app: FastifyInstance,
  webDist: string | undefined,
  videoOrigin: string | null = null,
): Promise<void> {
  const policy = webDist ? indexPolicy(webDist, videoOrigin) : () => cspWith([], videoOrigin);
  if (webDist) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      cacheControl: false,
      preCompressed: true,
      setHeaders: (res, filePath) => {
        // Vite fingerprints everything under assets/, so it may be cached for good.
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        res.setHeader(
          'cache-control',
          immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
        // Caches keep one copy per encoding (brotli, gzip, none).
        if (compressible.test(filePath)) res.setHeader('vary', 'accept-encoding');
      },
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    if (webDist && request.method === 'GET' && !isApiPath(request.url)) {
      reply.header('content-security-policy', policy()).header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    }
    throw errors.notFound('Route');
  });
}
