import { messageResponseSchema, talkNowBodySchema, talkNowResponseSchema } from '@kindred/protocol';
import { errorResponses, errorsFor, route } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { TalkNowService } from './talk-now.service';

/** Talk-now and the waiting list, under /api/v1/match. */
export const talkNowRoutes = signedIn<{ talkNow: TalkNowService }>(async (app, { talkNow }) => {
  app.post(
    '/talk-now',
    {
      schema: {
        tags: ['matching'],
        body: talkNowBodySchema,
        response: {
          201: talkNowResponseSchema,
          202: talkNowResponseSchema,
          ...errorsFor(409),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const state = await talkNow.talkNow(currentUser(request).userId, request.body);
      return reply.status(state.status === 'asking' ? 201 : 202).send(state);
    },
  );

  app.get(
    '/waiting-list',
    route({ tags: ['matching'], errors: [404] }, talkNowResponseSchema),
    async (request) => talkNow.status(currentUser(request).userId),
  );

  app.delete(
    '/waiting-list',
    route({ tags: ['matching'], errors: [404] }, messageResponseSchema),
    async (request) => {
      await talkNow.leave(currentUser(request).userId);
      return { message: 'You have left the waiting list' };
    },
  );
});
