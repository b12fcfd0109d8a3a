import {
  adminSupportQuerySchema,
  adminSupportResponseSchema,
  adminSupportTicketResponseSchema,
  createSupportTicketBodySchema,
  createSupportTicketResponseSchema,
  errorBodySchema,
  supportTicketParamsSchema,
  supportTicketsResponseSchema,
  updateSupportTicketBodySchema,
} from '@kindred/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../lib/error-responses';
import { currentUser } from '../../plugins/auth';
import type { SupportService } from './support.service';

/** A user's support tickets, under /api/v1/support. Replies go through the chat endpoints. */
export const supportRoutes: FastifyPluginAsyncZod<{ support: SupportService }> = async (
  app,
  { support },
) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/',
    {
      schema: {
        tags: ['support'],
        response: { 200: supportTicketsResponseSchema, ...errorResponses },
      },
    },
    async (request) => ({ tickets: await support.listMine(currentUser(request).userId) }),
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['support'],
        body: createSupportTicketBodySchema,
        response: {
          201: createSupportTicketResponseSchema,
          422: errorBodySchema,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const created = await support.createTicket(currentUser(request).userId, request.body);
      return reply.status(201).send(created);
    },
  );
};

/** The team's support queue, under /api/v1/admin/support: admins only. */
export const adminSupportRoutes: FastifyPluginAsyncZod<{ support: SupportService }> = async (
  app,
  { support },
) => {
  const admin = { onRequest: [app.authenticate, app.requireAdmin] };
  const ticketErrors = { 404: errorBodySchema, ...errorResponses };

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

  app.post(
    '/:id/assign',
    {
      ...admin,
      schema: {
        tags: ['admin'],
        params: supportTicketParamsSchema,
        response: { 200: adminSupportTicketResponseSchema, ...ticketErrors },
      },
    },
    async (request) => ({
      ticket: await support.assign(currentUser(request).userId, request.params.id),
    }),
  );

  app.patch(
    '/:id',
    {
      ...admin,
      schema: {
        tags: ['admin'],
        params: supportTicketParamsSchema,
        body: updateSupportTicketBodySchema,
        response: { 200: adminSupportTicketResponseSchema, ...ticketErrors },
      },
    },
    async (request) => ({
      ticket: await support.setStatus(
        currentUser(request).userId,
        request.params.id,
        request.body.status,
      ),
    }),
  );
};
