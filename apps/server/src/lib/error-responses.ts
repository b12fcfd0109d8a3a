import { errorBodySchema } from '@kindred/protocol';
import type { ZodType } from 'zod';

/** The error statuses routes answer with, each with the error body (DESIGN §7). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 416 | 422 | 429;

/** A route's `response` entries for these error statuses: the error body for each. */
export function errorsFor<const S extends readonly ErrorStatus[]>(
  ...statuses: S
): { [K in S[number]]: typeof errorBodySchema } {
  return Object.fromEntries(statuses.map((status) => [status, errorBodySchema])) as {
    [K in S[number]]: typeof errorBodySchema;
  };
}

/** Error statuses an authenticated route may answer. */
export const errorResponses = errorsFor(400, 401, 403, 429);

/** The same, for routes about one resource that may not exist. */
export const withNotFound = errorsFor(400, 401, 403, 404, 429);

type Schema = ZodType;
type ErrorBodies<S extends readonly ErrorStatus[]> = { [K in S[number]]: typeof errorBodySchema };

/** What a route declares: its request parts, its success body, and which errors it may answer. */
interface RouteParts<
  P extends Schema | undefined,
  Q extends Schema | undefined,
  B extends Schema | undefined,
  S extends readonly ErrorStatus[],
> {
  tags: string[];
  /** Content types accepted besides JSON (uploads). */
  consumes?: string[];
  params?: P;
  querystring?: Q;
  body?: B;
  /** The error statuses beyond 400/401/403/429 (404 for routes about one thing, 409, 413, …). */
  errors?: S;
}

const defaultStatuses = [400, 401, 403, 429] as const;

/**
 * A route's options in one call: `route({ tags, params, body, errors: [404] }, okSchema)` answers
 * 200 with `okSchema` and the error body for 400/401/403/429 and the listed statuses;
 * `route(parts, createdSchema, 201)` is the same for a route that creates something (the handler
 * sets the status).
 */
export function route<
  R extends Schema,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  const S extends readonly ErrorStatus[] = [],
  const C extends 200 | 201 = 200,
>(parts: RouteParts<P, Q, B, S>, success: R, status?: C) {
  const { tags, consumes, params, querystring, body, errors = [] } = parts;
  const schema: object = {
    tags,
    ...(consumes && { consumes }),
    ...(params && { params }),
    ...(querystring && { querystring }),
    ...(body && { body }),
    response: { [status ?? 200]: success, ...errorsFor(...defaultStatuses, ...errors) },
  };
  return { schema } as {
    schema: {
      tags: string[];
      params: P;
      querystring: Q;
      body: B;
      response: { [K in C]: R } & ErrorBodies<[...typeof defaultStatuses, ...S]>;
    };
  };
}

/**
 * `route` for a group of routes that share their tags and extra error statuses:
 * `const directRoute = routeGroup(['direct messages'], [404, 409, 422])`, then
 * `directRoute({ body }, okSchema, 201)` is `route({ tags, body, errors }, okSchema, 201)`.
 */
export function routeGroup<const S extends readonly ErrorStatus[] = []>(
  tags: string[],
  errors?: S,
) {
  return <
    R extends Schema,
    P extends Schema | undefined = undefined,
    Q extends Schema | undefined = undefined,
    B extends Schema | undefined = undefined,
    const C extends 200 | 201 = 200,
  >(
    parts: Omit<RouteParts<P, Q, B, S>, 'tags' | 'errors'>,
    success: R,
    status?: C,
  ) => route<R, P, Q, B, S, C>({ ...parts, tags, ...(errors && { errors }) }, success, status);
}
