import {
  appointmentParamsSchema,
  appointmentResponseSchema,
  appointmentsQuerySchema,
  appointmentsResponseSchema,
  bookingAvailabilitySchema,
  cancelAppointmentBodySchema,
  completeAppointmentBodySchema,
  createAppointmentBodySchema,
  createJitsiRoomBodySchema,
  jitsiRoomParamsSchema,
  jitsiRoomResponseSchema,
  listenerSlotsParamsSchema,
  rescheduleAppointmentBodySchema,
  slotsQuerySchema,
  slotsResponseSchema,
  updateAppointmentBodySchema,
  updateBookingAvailabilityBodySchema,
} from '@kindred/protocol';
import { errorsFor, route, withNotFound } from '../../lib/error-responses';
import { signedIn } from '../../lib/signed-in';
import { currentUser } from '../../plugins/auth';
import type { AppointmentsService } from './appointments.service';
import type { AvailabilityService } from './availability.service';

const tags = ['appointments'];
const me = (request: Parameters<typeof currentUser>[0]) => currentUser(request).userId;

/** A listener's booking settings and their free slots, under /api/v1/listeners. */
export const availabilityRoutes = signedIn<{ availability: AvailabilityService }>(
  async (app, { availability }) => {
    app.get('/me/availability', route({ tags }, bookingAvailabilitySchema), async (request) =>
      availability.get(me(request)),
    );

    app.put(
      '/me/availability',
      route({ tags, body: updateBookingAvailabilityBodySchema }, bookingAvailabilitySchema),
      async (request) => availability.put(me(request), request.body),
    );

    app.get(
      '/:id/slots',
      route(
        { tags, params: listenerSlotsParamsSchema, querystring: slotsQuerySchema, errors: [404] },
        slotsResponseSchema,
      ),
      async (request) => availability.slots(me(request), request.params.id, request.query),
    );
  },
);

/** Booked sessions, under /api/v1/appointments: only their two members see them. */
export const appointmentRoutes = signedIn<{ appointments: AppointmentsService }>(
  async (app, { appointments }) => {
    const one = { tags, params: appointmentParamsSchema };
    const answer = { 200: appointmentResponseSchema, ...errorsFor(409, 422), ...withNotFound };

    app.get(
      '/appointments',
      route({ tags, querystring: appointmentsQuerySchema }, appointmentsResponseSchema),
      async (request) => appointments.list(me(request), request.query),
    );

    app.post(
      '/appointments',
      route(
        { tags, body: createAppointmentBodySchema, errors: [404, 409, 422] },
        appointmentResponseSchema,
        201,
      ),
      async (request, reply) => {
        const appointment = await appointments.book(me(request), request.body);
        return reply.status(201).send({ appointment });
      },
    );

    app.get('/appointments/:id', { schema: { ...one, response: answer } }, async (request) => ({
      appointment: await appointments.get(me(request), request.params.id),
    }));

    app.put(
      '/appointments/:id',
      { schema: { ...one, body: updateAppointmentBodySchema, response: answer } },
      async (request) => ({
        appointment: await appointments.update(me(request), request.params.id, request.body),
      }),
    );

    app.delete(
      '/appointments/:id',
      { schema: { ...one, body: cancelAppointmentBodySchema, response: answer } },
      async (request) => ({
        appointment: await appointments.cancel(
          me(request),
          request.params.id,
          request.body?.reason,
        ),
      }),
    );

    app.post(
      '/appointments/:id/reschedule',
      { schema: { ...one, body: rescheduleAppointmentBodySchema, response: answer } },
      async (request) => ({
        appointment: await appointments.reschedule(me(request), request.params.id, request.body),
      }),
    );

    app.post(
      '/appointments/:id/complete',
      { schema: { ...one, body: completeAppointmentBodySchema, response: answer } },
      async (request) => ({
        appointment: await appointments.complete(
          me(request),
          request.params.id,
          request.body?.outcome ?? 'completed',
        ),
      }),
    );

    app.get(
      '/appointments/:id/calendar.ics',
      // The body is an iCalendar file (text/calendar); only the errors are JSON.
      { schema: { ...one, produces: ['text/calendar'] } },
      async (request, reply) => {
        const file = await appointments.calendar(me(request), request.params.id);
        return reply
          .type('text/calendar; charset=utf-8')
          .header('content-disposition', 'attachment; filename="kindred-session.ics"')
          .header('cache-control', 'private, no-store')
          .send(file);
      },
    );
  },
);

/** The video room of a session, under /api/v1/jitsi: its two members only. */
export const jitsiRoutes = signedIn<{ appointments: AppointmentsService }>(
  async (app, { appointments }) => {
    const answer = { 200: jitsiRoomResponseSchema, ...errorsFor(409), ...withNotFound };
    const noStore = { 'cache-control': 'private, no-store' };

    app.post(
      '/create-room',
      { schema: { tags, body: createJitsiRoomBodySchema, response: answer } },
      async (request, reply) => {
        const room = await appointments.room(me(request), request.body.appointment_id, {
          opening: true,
        });
        return reply.headers(noStore).send({ room });
      },
    );

    app.get(
      '/room/:appointmentId',
      { schema: { tags, params: jitsiRoomParamsSchema, response: answer } },
      async (request, reply) => {
        const room = await appointments.room(me(request), request.params.appointmentId, {
          opening: false,
        });
        return reply.headers(noStore).send({ room });
      },
    );
  },
);
