import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError, errorMessage } from './api-error';

/**
 * Puts each server `details` entry under its field (`interests.2` goes to `interests`), focusing
 * the first, and returns the error's own message for the form-level alert.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): string {
  if (error instanceof ApiError) {
    let focused = false;
    for (const detail of error.details) {
      const field = fields.find(
        (name) => detail.path === name || detail.path.startsWith(`${name}.`),
      );
      if (!field) continue;
      setError(field, { type: 'server', message: detail.message }, { shouldFocus: !focused });
      focused = true;
    }
  }
  return errorMessage(error);
}
