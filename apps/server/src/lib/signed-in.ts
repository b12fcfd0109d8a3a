import type { FastifyPluginOptions } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Route plugin whose every route needs a signed-in user (401 otherwise). */
export function signedIn<Options extends FastifyPluginOptions>(
  routes: FastifyPluginAsyncZod<Options>,
): FastifyPluginAsyncZod<Options> {
  return async (app, options) => {
    app.addHook('onRequest', app.authenticate);
    await routes(app, options);
  };
}

/** Route plugin whose every route is for the team: a signed-in admin (401, then 403 otherwise). */
export function adminsOnly<Options extends FastifyPluginOptions>(
  routes: FastifyPluginAsyncZod<Options>,
): FastifyPluginAsyncZod<Options> {
  return signedIn(async (app, options) => {
    app.addHook('onRequest', app.requireAdmin);
    await routes(app, options);
  });
}
