/**
 * The baseline: the same Fastify, no plugins, no hooks, no database, no schema. One route returns
 * the JSON object it was given (the real GET /api/v1/users/me body), so both servers send the
 * same bytes.
 */
import Fastify from 'fastify';

const body: unknown = JSON.parse(process.env.BARE_BODY ?? '{}');
const app = Fastify();
app.get('/me', async () => body);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 0) });
