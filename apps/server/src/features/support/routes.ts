import {
  adminSupportQuerySchema,
  adminSupportResponseSchema,
  adminSupportTicketResponseSchema,
  createSupportTicketBodySchema,
  createSupportTicketResponseSchema,
  supportTicketParamsSchema,
  supportTicketsResponseSchema,
  updateSupportTicketBodySchema,
} from '@kindred/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, route, withNotFound } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { SupportService } from './support.service';

/** A user's support tickets, under /api/v1/support. Replies go through the chat endpoints. */
export const supportRoutes = signedIn<{ support: SupportService }>(async (app, { support }) => {
  app.get('/', route({ tags: ['support'] }, supportTicketsResponseSchema), async (request) => ({
    tickets: await support.listMine(currentUser(request).userId),
  }));

  app.post(
    '/',
    route(
      { tags: ['support'], body: createSupportTicketBodySchema, errors: [422] },
      createSupportTicketResponseSchema,
      201,
    ),
    async (request, reply) => {
      const created = await support.createTicket(currentUser(request).userId, request.body);
      return reply.status(201).send(created);
    },
  );
});

/** The team's support queue, under /api/v1/admin/support: admins only. */
export const adminSupportRoutes: FastifyPluginAsyncZod<{ support: SupportService }> = async (
  app,
  { support },
) => {
  const admin = { onRequest: [app.authenticate, app.requireAdmin] };

  app.get(
    '/',
    {
      ...admin,
      schema: {
        tags: ['admin'],
        querystring: adminSupportQuerySchema,
        response: { 200: adminSupportResponseSchema, ...errorResponses },
      },
    },
    async (request) => ({
      tickets: await support.queue(currentUser(request).userId, request.query.status),
    }),
  );

  const ticketRoute = {
    tags: ['admin'],
    params: supportTicketParamsSchema,
    response: { 200: adminSupportTicketResponseSchema, ...withNotFound },
  };
  app.post('/:id/assign', { ...admin, schema: ticketRoute }, async (request) => ({
    ticket: await support.assign(currentUser(request).userId, request.params.id),
  }));
  app.patch(
    '/:id',
    { ...admin, schema: { ...ticketRoute, body: updateSupportTicketBodySchema } },
    async (request) => ({
      ticket: await support.setStatus(
        currentUser(request).userId,
        request.params.id,
        request.body.status,
      ),
    }),
  );
};
