import { errorBodySchema } from '@kindred/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../lib/errors';

/** Liveness (the process answers) and readiness (the database answers). */
export const healthRoutes: FastifyPluginAsyncZod<{ ping: () => Promise<void> }> = async (
  app,
  { ping },
) => {
  app.get(
    '/healthz',
    {
      schema: { tags: ['ops'], response: { 200: z.object({ status: z.literal('ok') }) } },
      // Liveness answers under back-pressure too: a node that is busy is alive, and one restarted
      // for being busy drops every chat it carries onto the others. Readiness says busy.
      config: { pressureHandler: () => undefined },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['ops'],
        response: {
          200: z.object({ status: z.literal('ready'), database: z.literal('ok') }),
          503: errorBodySchema,
        },
      },
    },
    async (request) => {
      try {
        await ping();
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        throw errors.unavailable();
      }
      return { status: 'ready' as const, database: 'ok' as const };
    },
  );
};
