import {
  blockBodySchema,
  blockResponseSchema,
  errorBodySchema,
  userIdParamsSchema,
} from '@kindred/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../lib/error-responses';
import { currentUser } from '../../plugins/auth';
import type { BlocksService } from './blocks.service';

/** POST and DELETE /api/v1/users/:id/block: a block works both ways (see blocks.service). */
export const blocksRoutes: FastifyPluginAsyncZod<{ blocks: BlocksService }> = async (
  app,
  { blocks },
) => {
  app.addHook('onRequest', app.authenticate);
  app.post(
    '/:id/block',
    {
      schema: {
        tags: ['users'],
        params: userIdParamsSchema,
        body: blockBodySchema,
        response: { 200: blockResponseSchema, 404: errorBodySchema, ...errorResponses },
      },
    },
    async (request) =>
      blocks.block(currentUser(request).userId, request.params.id, request.body?.reason),
  );

  app.delete(
    '/:id/block',
    {
      schema: {
        tags: ['users'],
        params: userIdParamsSchema,
        response: { 200: blockResponseSchema, ...errorResponses },
      },
    },
    async (request) => blocks.unblock(currentUser(request).userId, request.params.id),
  );
};
