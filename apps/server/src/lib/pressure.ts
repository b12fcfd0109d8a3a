import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import { errors } from './errors';

/** How long a client turned away under pressure is asked to wait. */
const PRESSURE_RETRY_MS = 1_000;

/**
 * HTTP back-pressure: while the event loop lags or the heap is nearly full, requests are
 * refused at once with 503 SERVER_BUSY (the catalogue's body, `retry_after_ms`) instead of
 * queueing until they time out. A threshold of 0 turns its check off.
 */
export async function registerPressure(
  app: FastifyInstance,
  limits: { maxEventLoopDelayMs: number; maxHeapUsedBytes: number },
) {
  await app.register(underPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    maxHeapUsedBytes: limits.maxHeapUsedBytes,
    pressureHandler: (_request, reply) => {
      const busy = errors.serverBusy(PRESSURE_RETRY_MS);
      void reply
        .code(busy.status)
        .headers(busy.headers ?? {})
        .send(busy.toBody());
    },
  });
}
