import { useId, type ComponentProps, type ReactNode } from 'react';
import { Field, controlClasses, fieldIds } from './Field';

interface TextFieldProps extends Omit<ComponentProps<'input'>, 'id'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Marks the control invalid without a message of its own (the form-level alert explains). */
  invalid?: boolean;
  /** The id of another element that describes the control, such as that form-level alert. */
  describedBy?: string;
}

/** A labelled text input; spread react-hook-form's register() into it. */
export function TextField({
  label,
  hint,
  error,
  invalid,
  describedBy,
  className = '',
  ...props
}: TextFieldProps) {
  const id = useId();
  const aria = fieldIds(id, { hint, error, also: describedBy });
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        className={`${controlClasses} ${className}`}
        {...aria}
        aria-invalid={aria['aria-invalid'] ?? (invalid || undefined)}
        {...props}
      />
    </Field>
  );
}
