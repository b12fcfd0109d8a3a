import { errorBodySchema } from '@kindred/protocol';

/** Error statuses an authenticated route may answer, each with the error body (DESIGN §7). */
export const errorResponses = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  429: errorBodySchema,
};

/** The same, for routes about one resource that may not exist. */
export const withNotFound = { ...errorResponses, 404: errorBodySchema };
