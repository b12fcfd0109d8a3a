import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { errors } from '../lib/errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when a request may proceed: no Origin (not a browser), same origin, or allowed. */
export function originAllowed(headers: IncomingHttpHeaders, allowed: readonly string[]): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  const host = headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

/** Origin check for state-changing requests, and the headers every response carries. */
export function registerSecurity(
  app: FastifyInstance,
  corsOrigins: readonly string[],
  options: { hsts: boolean } = { hsts: false },
): void {
  app.addHook('onRequest', async (request) => {
    if (!SAFE_METHODS.has(request.method) && !originAllowed(request.headers, corsOrigins)) {
      throw errors.forbiddenOrigin();
    }
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    // In production the app is only reached over HTTPS (behind the proxy): browsers must keep it so.
    if (options.hsts)
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}
