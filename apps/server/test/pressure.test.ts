import { describe, expect, it } from 'vitest';
import { useTestApp } from './app';
import { sleep } from './sockets';

// A heap threshold no process can keep under: the node is under pressure from its first sample.
const t = useTestApp({ env: { PRESSURE_MAX_HEAP_MB: '1' } });

describe('HTTP back-pressure', () => {
  it('refuses requests at once with 503 SERVER_BUSY while the node is under pressure', async () => {
    await sleep(1_200); // one sample of the heap
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/users/me' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json()).toEqual({
      success: false,
      code: 'SERVER_BUSY',
      error: expect.any(String),
      retry_after: 1,
      retry_after_ms: 1000,
    });
  });

  it('still answers the liveness check, so a busy node is not restarted', async () => {
    await sleep(1_200);
    const live = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
    // Readiness says busy: a load balancer sends new people to another node meanwhile.
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ code: 'SERVER_BUSY' });
  });
});
