import { useId, type ComponentProps, type ReactNode } from 'react';
import { Field, controlClasses, fieldIds } from './Field';

interface TextAreaFieldProps extends Omit<ComponentProps<'textarea'>, 'id'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
}

/** A labelled multi-line text input. */
export function TextAreaField({
  label,
  hint,
  error,
  className = '',
  ...props
}: TextAreaFieldProps) {
  const id = useId();
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        rows={4}
        className={`${controlClasses} resize-y ${className}`}
        {...fieldIds(id, { hint, error })}
        {...props}
      />
    </Field>
  );
}
