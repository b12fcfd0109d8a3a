import { contactBodySchema, contactResponseSchema } from '@kindred/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client';
import { errorsFor } from '../../lib/error-responses';
import { insertContactRequest } from './support.repository';

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
