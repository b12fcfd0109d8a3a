import {
  avatarResponseSchema,
  deleteMeBodySchema,
  exportSchema,
  limits,
  meSchema,
  messageResponseSchema,
  publicProfileSchema,
  updateMeBodySchema,
  userIdParamsSchema,
} from '@kindred/protocol';
import { route } from '../../lib/error-responses';
import { z } from 'zod';
import { errors } from '../../lib/errors';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import { clearSessionCookies } from './session-cookies';
import type { UsersService } from './users.service';

const avatarMb = limits.avatarMaxBytes / (1024 * 1024);

/**
 * The listening contract's "User Profile Endpoints", under /api/v1/users. Every route needs a
 * signed-in user.
 */
export const usersRoutes = signedIn<{ users: UsersService }>(async (app, { users }) => {
  app.get('/me', route({ tags: ['users'] }, meSchema), async (request) =>
    users.getMe(currentUser(request).userId),
  );

  app.patch(
    '/me',
    route({ tags: ['users'], body: updateMeBodySchema, errors: [409] }, meSchema),
    async (request) => users.updateMe(currentUser(request).userId, request.body),
  );

  app.post(
    '/me/avatar',
    route(
      { tags: ['users'], consumes: ['multipart/form-data'], errors: [413] },
      avatarResponseSchema,
    ),
    async (request) => {
      const file = await request.file();
      if (!file) {
        throw errors.validation(
          [{ path: 'file', message: 'Attach a picture' }],
          'Attach a picture',
        );
      }
      const bytes = await file.toBuffer().catch((error: { code?: string }) => {
        if (error.code === 'FST_REQ_FILE_TOO_LARGE') {
          throw errors.payloadTooLarge(`The picture must be ${avatarMb} MB or smaller`);
        }
        throw error;
      });
      return users.setAvatar(currentUser(request).userId, bytes);
    },
  );

  app.get('/me/export', route({ tags: ['users'] }, exportSchema), async (request, reply) => {
    const data = await users.exportMe(currentUser(request).userId);
    reply.header('content-disposition', 'attachment; filename="kindred-export.json"');
    return data;
  });

  app.delete(
    '/me',
    route({ tags: ['users'], body: deleteMeBodySchema }, messageResponseSchema),
    async (request, reply) => {
      await users.deleteMe(currentUser(request).userId, request.body);
      clearSessionCookies(reply);
      return { message: 'Your account and its data have been deleted' };
    },
  );

  app.get(
    '/avatars/:file',
    {
      schema: {
        tags: ['users'],
        params: z.strictObject({ file: z.string().max(64) }),
      },
    },
    async (request, reply) => {
      const { file } = request.params;
      const found = await users.openAvatar(currentUser(request).userId, file);
      // A file name is never reused, so it is its own validator; browsers ask again each time
      // (a 304 when nothing changed), so a picture hidden since stops showing at once.
      const etag = `"${file}"`;
      reply
        .type(found.type)
        .header('cache-control', 'private, no-cache')
        .header('etag', etag)
        .header('x-content-type-options', 'nosniff');
      if (request.headers['if-none-match'] === etag) {
        found.stream.resume();
        return reply.status(304).send();
      }
      return reply.send(found.stream);
    },
  );

  app.get(
    '/:id',
    route({ tags: ['users'], params: userIdParamsSchema, errors: [404] }, publicProfileSchema),
    async (request) => users.getPublicProfile(request.params.id),
  );
});
