import { reportBodySchema, reportResponseSchema } from '@kindred/protocol';
import { errorsFor } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { ReportsService } from './reports.service';

/** POST /api/v1/reports (the listening contract). */
export const reportsRoutes = signedIn<{ reports: ReportsService }>(async (app, { reports }) => {
  app.post(
    '/reports',
    {
      schema: {
        tags: ['reports'],
        body: reportBodySchema,
        response: { 201: reportResponseSchema, ...errorsFor(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await reports.submit(currentUser(request).userId, request.body)),
  );
});
