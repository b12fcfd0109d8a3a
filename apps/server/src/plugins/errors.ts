import type { ErrorDetail } from '@kindred/protocol';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { databaseUnavailable, foreignKeyViolation } from '../lib/db-errors';
import { AppError, errors } from '../lib/errors';

type ValidationEntry = { instancePath: string; message?: string; params?: { keys?: unknown } };

/** Zod issues as `{ path, message }`, naming the unknown key itself when one was sent. */
function validationDetails(entries: ValidationEntry[], context: string | undefined): ErrorDetail[] {
  return entries.map((entry) => {
    const path = entry.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const keys = Array.isArray(entry.params?.keys) ? entry.params.keys.join(', ') : '';
    return {
      path: path || keys || context || '',
      message: entry.message ?? 'Invalid value',
    };
  });
}

const MULTIPART_BROKEN =
  /^(Unexpected end of (multipart data|form|file)|Multipart: Boundary not found|Malformed part header)/;

/** Fastify's own client errors, translated into the catalogue. */
function fromFastifyError(error: FastifyError): AppError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errors.invalidJson();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return errors.payloadTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return errors.unsupportedMediaType();
  }
  if (error instanceof SyntaxError) return errors.invalidJson();
  // The multipart parser's own errors carry no code: a body cut short or without its boundary.
  if (MULTIPART_BROKEN.test(error.message ?? '')) {
    const message = 'The upload is incomplete or not valid multipart/form-data; send it again';
    return errors.validation([{ path: 'file', message }], message);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return errors.frameworkClientError(status, error.message);
  }
  return undefined;
}

/** One error handler: every failure leaves as the error body; 5xx text never leaks. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let appError: AppError;
    if (error instanceof AppError) appError = error;
    else if (hasZodFastifySchemaValidationErrors(error)) {
      const details = validationDetails(error.validation, error.validationContext);
      const first = details[0];
      appError = errors.validation(
        details,
        first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : undefined,
      );
    } else {
      appError =
        fromFastifyError(error) ??
        (databaseUnavailable(error)
          ? errors.unavailable()
          : foreignKeyViolation(error)
            ? errors.notFound()
            : errors.internal());
    }
    if (appError.code === 'SERVICE_UNAVAILABLE') {
      request.log.warn({ err: error }, 'database unavailable; answered 503');
    } else if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code }, appError.message);
    reply.status(appError.status);
    if (appError.headers) reply.headers(appError.headers);
    return reply.send(appError.toBody());
  });
}
