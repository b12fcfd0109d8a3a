import {
  adminContactQuerySchema,
  adminContactRequestResponseSchema,
  adminContactResponseSchema,
  contactBodySchema,
  type ContactRequest,
  contactRequestParamsSchema,
  contactResponseSchema,
  updateContactRequestBodySchema,
} from '@kindred/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client';
import type { EventBus } from '../../lib/events';
import type { contactRequests } from '../../db/schema';
import { errorsFor, route } from '../../lib/error-responses';
import { adminsOnly } from '../../lib/signed-in';
import { errors } from '../../lib/errors';
import { currentUser } from '../../plugins/auth';
import {
  insertContactRequest,
  listContactRequests,
  setContactRequestStatus,
} from './support.repository';

/**
 * POST /api/v1/contact: the contact form for people who cannot sign in (locked out, banned).
 * Rate limited per address; each message is stored as a ticket for the team.
 */
export const contactRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.post(
    '/',
    {
      preHandler: app.limitByIp('contact'),
      schema: {
        tags: ['support'],
        body: contactBodySchema,
        response: { 202: contactResponseSchema, ...errorsFor(400, 429) },
      },
    },
    async (request, reply) => {
      const { email, name, subject, message } = request.body;
      const id = await insertContactRequest(db, { email, name: name || null, subject, message });
      return reply.status(202).send({
        id,
        message: 'Thank you. The Kindred team will answer by e-mail.',
      });
    },
  );
};

const present = (row: typeof contactRequests.$inferSelect): ContactRequest => ({
  id: row.id,
  email: row.email,
  name: row.name,
  subject: row.subject,
  message: row.message,
  status: row.status,
  created_at: row.createdAt.toISOString(),
});

/**
 * The signed-out contact-form messages, under /api/v1/admin/contact-requests (admins only): read
 * in the support queue, answered by e-mail, then marked resolved.
 */
export const adminContactRoutes = adminsOnly<{ db: Db; events: EventBus }>(
  async (app, { db, events }) => {
    app.get(
      '/',
      route({ tags: ['admin'], querystring: adminContactQuerySchema }, adminContactResponseSchema),
      async (request) => ({
        requests: (await listContactRequests(db, request.query.status)).map(present),
      }),
    );
    app.patch(
      '/:id',
      route(
        {
          tags: ['admin'],
          params: contactRequestParamsSchema,
          body: updateContactRequestBodySchema,
          errors: [404],
        },
        adminContactRequestResponseSchema,
      ),
      async (request) => {
        const { id } = request.params;
        const { status } = request.body;
        const row = await events.transaction(db, async (tx) => {
          const updated = await setContactRequestStatus(tx, id, status);
          if (updated) {
            await events.publish(tx, 'admin.action', {
              adminId: currentUser(request).userId,
              action: 'update_contact_request',
              targetType: 'contact_request',
              targetId: id,
              details: { to: status },
            });
          }
          return updated;
        });
        if (!row) throw errors.notFound('Contact request');
        return { request: present(row) };
      },
    );
  },
);
