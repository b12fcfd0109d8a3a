import {
  changeEmailBodySchema,
  changePasswordBodySchema,
  deviceSessionParamsSchema,
  deviceSessionsResponseSchema,
  forgotPasswordBodySchema,
  messageResponseSchema,
  resetPasswordBodySchema,
  revokeSessionsResponseSchema,
  verifyEmailBodySchema,
  verifyEmailResponseSchema,
} from '@kindred/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, errorsFor, route } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { AccountService } from './account.service';

/** Recovery and security under /api/v1/auth: reset, verification, password and address change. */
export const accountAuthRoutes: FastifyPluginAsyncZod<{ account: AccountService }> = async (
  app,
  { account },
) => {
  const limited = { preHandler: app.limitByIp('auth') };
  const signedInOnly = { onRequest: app.authenticate };
  // Work whose duration depends on whether the address exists runs after the answer; closing
  // the app waits for it.
  const pending = new Set<Promise<void>>();
  app.addHook('onClose', async () => void (await Promise.allSettled([...pending])));

  app.post(
    '/forgot-password',
    {
      ...limited,
      schema: {
        tags: ['auth'],
        body: forgotPasswordBodySchema,
        response: { 202: messageResponseSchema, ...errorsFor(400, 429) },
      },
    },
    async (request, reply) => {
      const work = account
        .requestPasswordReset(request.body.email)
        .catch((error: unknown) => request.log.warn({ err: error }, 'password reset not mailed'))
        .finally(() => pending.delete(work));
      pending.add(work);
      return reply.status(202).send({
        message: 'If an account uses this address, a link to reset its password is on its way',
      });
    },
  );

  app.post(
    '/reset-password',
    {
      ...limited,
      schema: {
        tags: ['auth'],
        body: resetPasswordBodySchema,
        response: { 200: messageResponseSchema, ...errorsFor(400, 429) },
      },
    },
    async (request) => {
      await account.resetPassword(request.body);
      return { message: 'Your password was changed; please sign in' };
    },
  );

  app.post(
    '/verify-email',
    {
      ...limited,
      schema: {
        tags: ['auth'],
        body: verifyEmailBodySchema,
        response: { 200: verifyEmailResponseSchema, ...errorsFor(400, 429) },
      },
    },
    async (request) => account.verifyEmail(request.body.token),
  );

  app.post(
    '/verify-email/resend',
    {
      ...signedInOnly,
      ...limited,
      schema: { tags: ['auth'], response: { 202: messageResponseSchema, ...errorResponses } },
    },
    async (request, reply) => {
      await account.sendVerification(currentUser(request).userId);
      return reply.status(202).send({ message: 'A new link is on its way' });
    },
  );

  app.post(
    '/change-password',
    {
      ...signedInOnly,
      ...limited,
      schema: {
        tags: ['auth'],
        body: changePasswordBodySchema,
        response: { 200: messageResponseSchema, ...errorsFor(403), ...errorResponses },
      },
    },
    async (request) => {
      const { userId, familyId } = currentUser(request);
      await account.changePassword(userId, familyId, request.body);
      return { message: 'Your password was changed' };
    },
  );

  app.post(
    '/change-email',
    {
      ...signedInOnly,
      ...limited,
      schema: {
        tags: ['auth'],
        body: changeEmailBodySchema,
        response: { 202: messageResponseSchema, ...errorsFor(403), ...errorResponses },
      },
    },
    async (request, reply) => {
      await account.requestEmailChange(
        currentUser(request).userId,
        request.body.password,
        request.body.email,
      );
      return reply
        .status(202)
        .send({ message: 'Open the link we sent to the new address to confirm it' });
    },
  );
};

/** The signed-in devices under /api/v1/users/me/sessions. */
export const deviceSessionsRoutes = signedIn<{ account: AccountService }>(
  async (app, { account }) => {
    app.get('/', route({ tags: ['users'] }, deviceSessionsResponseSchema), async (request) => {
      const { userId, familyId } = currentUser(request);
      return { sessions: await account.listSessions(userId, familyId) };
    });

    app.delete('/', route({ tags: ['users'] }, revokeSessionsResponseSchema), async (request) => {
      const { userId, familyId } = currentUser(request);
      return { revoked: await account.revokeOtherSessions(userId, familyId) };
    });

    app.delete(
      '/:id',
      route(
        { tags: ['users'], params: deviceSessionParamsSchema, errors: [404] },
        messageResponseSchema,
      ),
      async (request) => {
        await account.revokeSession(currentUser(request).userId, request.params.id);
        return { message: 'Signed out on that device' };
      },
    );
  },
);
