import { useId, type ComponentProps, type ReactNode } from 'react';
import { Field, controlClasses, fieldIds } from './Field';

interface SelectFieldProps extends Omit<ComponentProps<'select'>, 'id'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
}

/** A labelled native select. */
export function SelectField({
  label,
  hint,
  error,
  className = '',
  children,
  ...props
}: SelectFieldProps) {
  const id = useId();
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        className={`${controlClasses} ${className}`}
        {...fieldIds(id, { hint, error })}
        {...props}
      >
        {children}
      </select>
    </Field>
  );
}
