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
import { route, routeGroup } from '../../lib/error-responses';
import { adminsOnly, signedIn } from '../../lib/signed-in';
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
export const adminSupportRoutes = adminsOnly<{ support: SupportService }>(
  async (app, { support }) => {
    const me = (request: Parameters<typeof currentUser>[0]) => currentUser(request).userId;
    app.get(
      '/',
      route({ tags: ['admin'], querystring: adminSupportQuerySchema }, adminSupportResponseSchema),
      async (request) => ({ tickets: await support.queue(me(request), request.query.status) }),
    );

    const ticketRoute = routeGroup(['admin'], [404]);
    const one = { params: supportTicketParamsSchema };
    app.post(
      '/:id/assign',
      ticketRoute(one, adminSupportTicketResponseSchema),
      async (request) => ({ ticket: await support.assign(me(request), request.params.id) }),
    );
    app.patch(
      '/:id',
      ticketRoute(
        { ...one, body: updateSupportTicketBodySchema },
        adminSupportTicketResponseSchema,
      ),
      async (request) => ({
        ticket: await support.setStatus(me(request), request.params.id, request.body.status),
      }),
    );
  },
);
