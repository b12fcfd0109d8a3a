import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path } from 'react-hook-form';
import type { z } from 'zod';
import { applyServerErrors } from '../../lib/form-errors';

/**
 * A react-hook-form form checked by a protocol schema and sent to the API.
 *
 * - `field(name)`: what a TextField (or TextAreaField) needs: register(), the field's error, and,
 *   for an error without words of its own, a link to the form-level alert (`alertId`).
 * - `submit(action, explain?)`: the submit handler. It clears the form-level error and runs the
 *   action; if that fails, `explain` may handle the error and return the alert's text, otherwise
 *   the server's field errors go under their fields (the first is focused) and its message into
 *   `formError`.
 */
export function useApiForm<Input extends FieldValues, Output>(
  schema: z.ZodType<Output, Input>,
  defaultValues: DefaultValues<Input>,
) {
  const alertId = useId();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Input, unknown, Output>({ resolver: zodResolver(schema), defaultValues });
  const fields = Object.keys(defaultValues) as Path<Input>[];

  function field(name: Path<Input>) {
    const { error } = form.getFieldState(name, form.formState);
    return {
      ...form.register(name),
      error: error?.message,
      invalid: Boolean(error),
      describedBy: error && !error.message ? alertId : undefined,
    };
  }

  const submit = (
    action: (values: Output) => Promise<void>,
    explain?: (error: unknown) => string | undefined,
  ) =>
    form.handleSubmit(async (values) => {
      setFormError(null);
      try {
        await action(values);
      } catch (error) {
        setFormError(explain?.(error) ?? applyServerErrors(error, form.setError, fields));
      }
    });

  return { form, field, submit, formError, alertId };
}
