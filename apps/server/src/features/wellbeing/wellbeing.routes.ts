import {
  debriefBodySchema,
  debriefParamsSchema,
  debriefResponseSchema,
  escalateBodySchema,
  escalateParamsSchema,
  escalateResponseSchema,
  listenerPauseBodySchema,
  listenerPauseResponseSchema,
  wellbeingCheckInBodySchema,
  wellbeingCloseBodySchema,
  wellbeingItemParamsSchema,
  wellbeingItemResponseSchema,
  wellbeingListSchema,
  wellbeingNoteBodySchema,
  wellbeingQuerySchema,
} from '@kindred/protocol';
import { errorsFor, route } from '../../lib/error-responses';
import { adminsOnly, signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { WellbeingService } from './wellbeing.service';

const tags = ['wellbeing'];
const withConflict = errorsFor(400, 401, 403, 404, 409, 429);

/** The team's wellbeing queue, under /api/v1/admin/wellbeing. */
export const wellbeingAdminRoutes = adminsOnly<{ wellbeing: WellbeingService }>(
  async (app, { wellbeing }) => {
    const me = (request: Parameters<typeof currentUser>[0]) => currentUser(request).userId;
    const itemRoute = { tags, params: wellbeingItemParamsSchema };

    app.get(
      '/',
      route({ tags, querystring: wellbeingQuerySchema }, wellbeingListSchema),
      async (request) => wellbeing.list(request.query),
    );

    app.post(
      '/:itemId/acknowledge',
      { schema: { ...itemRoute, response: { 200: wellbeingItemResponseSchema, ...withConflict } } },
      async (request) => wellbeing.acknowledge(me(request), request.params.itemId),
    );

    app.post(
      '/:itemId/check-in',
      route(
        { ...itemRoute, body: wellbeingCheckInBodySchema, errors: [404] },
        wellbeingItemResponseSchema,
      ),
      async (request) => wellbeing.checkIn(me(request), request.params.itemId, request.body),
    );

    app.post(
      '/:itemId/note',
      route(
        { ...itemRoute, body: wellbeingNoteBodySchema, errors: [404] },
        wellbeingItemResponseSchema,
      ),
      async (request) => wellbeing.note(me(request), request.params.itemId, request.body.text),
    );

    app.post(
      '/:itemId/close',
      {
        schema: {
          ...itemRoute,
          body: wellbeingCloseBodySchema,
          response: { 200: wellbeingItemResponseSchema, ...withConflict },
        },
      },
      async (request) =>
        wellbeing.close(me(request), request.params.itemId, request.body?.text ?? undefined),
    );
  },
);

/** What the people in a chat use: asking the team to look in, and a listener's pause. */
export const wellbeingMemberRoutes = signedIn<{ wellbeing: WellbeingService }>(
  async (app, { wellbeing }) => {
    app.post(
      '/chat/sessions/:sessionId/escalate',
      route(
        { tags, params: escalateParamsSchema, body: escalateBodySchema, errors: [404] },
        escalateResponseSchema,
        201,
      ),
      async (request, reply) => {
        const { userId } = currentUser(request);
        const note = request.body?.note ?? undefined;
        reply.code(201);
        return wellbeing.escalate(userId, request.params.sessionId, note);
      },
    );

    const debrief = { tags, params: debriefParamsSchema, errors: [404, 409] as const };
    app.get(
      '/chat/sessions/:sessionId/debrief',
      route(debrief, debriefResponseSchema),
      async (request) => ({
        debrief: await wellbeing.readDebrief(currentUser(request).userId, request.params.sessionId),
      }),
    );

    app.put(
      '/chat/sessions/:sessionId/debrief',
      route({ ...debrief, body: debriefBodySchema }, debriefResponseSchema),
      async (request) => ({
        debrief: await wellbeing.writeDebrief(
          currentUser(request).userId,
          request.params.sessionId,
          request.body.text,
        ),
      }),
    );

    app.post(
      '/listeners/me/pause',
      route({ tags, body: listenerPauseBodySchema }, listenerPauseResponseSchema),
      async (request) => wellbeing.pause(currentUser(request).userId, request.body.minutes),
    );
  },
);
