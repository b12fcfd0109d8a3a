import { errorBodySchema, reportBodySchema, reportResponseSchema } from '@kindred/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '../../plugins/auth';
import type { ReportsService } from './reports.service';

/** POST /api/v1/reports (seed 000). */
export const reportsRoutes: FastifyPluginAsyncZod<{ reports: ReportsService }> = async (
  app,
  { reports },
) => {
  app.addHook('onRequest', app.authenticate);
  app.post(
    '/reports',
    {
      schema: {
        tags: ['reports'],
        body: reportBodySchema,
        response: {
          201: reportResponseSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await reports.submit(currentUser(request).userId, request.body)),
  );
};
