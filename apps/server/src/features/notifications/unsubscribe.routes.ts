import { messageResponseSchema, unsubscribeQuerySchema } from '@kindred/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorsFor } from '../../lib/error-responses';
import { escapeHtml } from '../../lib/html';
import { describeTopic, type Unsubscriber } from './unsubscribe';

const tags = ['notifications'];

/** The confirmation a person sees after following the link: small, no scripts, no tracking. */
function confirmationPage(what: string): string {
  const line = `You will no longer get e-mails about ${escapeHtml(what)}.`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Unsubscribed - Kindred</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1f2937}</style>
</head>
<body>
<main>
<h1>You are unsubscribed</h1>
<p>${line}</p>
<p>You can turn them back on at any time in your notification settings on Kindred.</p>
</main>
</body>
</html>
`;
}

/**
 * `GET|POST /api/v1/notifications/unsubscribe?token=…`, without signing in. POST is RFC 8058's
 * one-click unsubscribe (mail providers send `List-Unsubscribe=One-Click`, form-encoded); GET is
 * the link in the body, which does the same and shows a confirmation page. A bad token is a 400
 * with the error body.
 */
export const unsubscribeRoutes: FastifyPluginAsyncZod<{ unsubscribe: Unsubscriber }> = async (
  app,
  { unsubscribe },
) => {
  // One-click requests are form-encoded (or multipart, which the platform accepts already);
  // the body carries nothing the token does not say, so it is read and otherwise ignored.
  // This parser is registered in this plugin only.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 1024 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  app.get(
    '/unsubscribe',
    {
      // A HEAD (link preview, scanner) must not unsubscribe anyone.
      exposeHeadRoute: false,
      schema: {
        tags,
        summary: 'Unsubscribe from one kind of e-mail (the link in the e-mail); an HTML page',
        querystring: unsubscribeQuerySchema,
        response: { 200: z.string().describe('An HTML page (text/html)'), ...errorsFor(400) },
      },
    },
    async (request, reply) => {
      const { topic } = await unsubscribe(request.query.token);
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(confirmationPage(describeTopic(topic)));
    },
  );

  app.post(
    '/unsubscribe',
    {
      schema: {
        tags,
        summary: 'One-click unsubscribe (RFC 8058), as mail providers send it',
        querystring: unsubscribeQuerySchema,
        response: { 200: messageResponseSchema, ...errorsFor(400, 413, 415) },
      },
    },
    async (request, reply) => {
      const { topic } = await unsubscribe(request.query.token);
      reply.header('cache-control', 'no-store');
      return { message: `You will no longer get e-mails about ${describeTopic(topic)}` };
    },
  );
};
