import {
  blockBodySchema,
  blockedUsersResponseSchema,
  blockResponseSchema,
  userIdParamsSchema,
} from '@kindred/protocol';
import { route } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { BlocksService } from './blocks.service';

/**
 * POST and DELETE /api/v1/users/:id/block: a block works both ways (see blocks.service);
 * GET /api/v1/users/me/blocked lists whom the user blocked.
 */
export const blocksRoutes = signedIn<{ blocks: BlocksService }>(async (app, { blocks }) => {
  app.get('/me/blocked', route({ tags: ['users'] }, blockedUsersResponseSchema), async (request) =>
    blocks.listBlocked(currentUser(request).userId),
  );

  app.post(
    '/:id/block',
    route(
      { tags: ['users'], params: userIdParamsSchema, body: blockBodySchema, errors: [404] },
      blockResponseSchema,
    ),
    async (request) =>
      blocks.block(currentUser(request).userId, request.params.id, request.body?.reason),
  );

  app.delete(
    '/:id/block',
    route({ tags: ['users'], params: userIdParamsSchema }, blockResponseSchema),
    async (request) => blocks.unblock(currentUser(request).userId, request.params.id),
  );
});
