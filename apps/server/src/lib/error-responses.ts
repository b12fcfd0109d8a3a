import { errorBodySchema } from '@kindred/protocol';

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
