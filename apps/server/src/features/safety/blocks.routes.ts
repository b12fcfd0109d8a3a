import {
  blockBodySchema,
  blockedUsersResponseSchema,
  blockResponseSchema,
  userIdParamsSchema,
} from '@kindred/protocol';
import { errorResponses, withNotFound } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { BlocksService } from './blocks.service';

/**
 * POST and DELETE /api/v1/users/:id/block: a block works both ways (see blocks.service);
 * GET /api/v1/users/me/blocked lists whom the user blocked.
 */
export const blocksRoutes = signedIn<{ blocks: BlocksService }>(async (app, { blocks }) => {
  app.get(
    '/me/blocked',
    {
      schema: {
        tags: ['users'],
        response: { 200: blockedUsersResponseSchema, ...errorResponses },
      },
    },
    async (request) => blocks.listBlocked(currentUser(request).userId),
  );

  app.post(
    '/:id/block',
    {
      schema: {
        tags: ['users'],
        params: userIdParamsSchema,
        body: blockBodySchema,
        response: { 200: blockResponseSchema, ...withNotFound },
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
});
