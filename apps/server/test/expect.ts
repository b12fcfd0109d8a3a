import { errorBodySchema } from '@kindred/protocol';
import { expect } from 'vitest';

/** Asserts the status and the documented error body, and returns the body's code. */
export function errorCode(response: { statusCode: number; json: () => unknown }, status: number) {
  expect(response.statusCode).toBe(status);
  return errorBodySchema.parse(response.json()).code;
}

/** Asserts the response's status, then its body's error code. */
export function expectCode(
  response: { statusCode: number; json: () => { code?: unknown } },
  status: number,
  code: string,
) {
  expect(response.statusCode).toBe(status);
  expect(response.json().code).toBe(code);
}

type Answer = { statusCode: number; json: () => { code?: unknown } };

/** Makes each request in turn and asserts each answers `status` with the error `code`. */
export async function expectEachRefused(
  status: number,
  code: string,
  requests: (() => Promise<Answer>)[],
) {
  for (const request of requests) expectCode(await request(), status, code);
}
