import { useId, type ComponentProps, type ReactNode } from 'react';
import { WarningIcon } from './icons';

/** The ids that tie a control to its hint and error text. */
export function fieldIds(
  id: string,
  { hint, error, also }: { hint?: ReactNode; error?: string; also?: string },
) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null, also ?? null]
    .filter(Boolean)
    .join(' ');
  return {
    'aria-invalid': error ? (true as const) : undefined,
    'aria-describedby': describedBy || undefined,
  };
}

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}

/** A control's visible label. */
export function FieldLabel({ htmlFor, children }: { htmlFor: string; children: ReactNode }) {
  return (
    <label htmlFor={htmlFor} className="font-semibold text-ink">
      {children}
    </label>
  );
}

/** A label, a control, an optional hint and an error message linked by aria-describedby. */
export function Field({ id, label, hint, error, children }: FieldProps) {
  return (
    <div className="flex flex-col gap-1">
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      {children}
      {hint && (
        <div id={`${id}-hint`} className="text-sm text-muted">
          {hint}
        </div>
      )}
      {error && <FieldError id={`${id}-error`}>{error}</FieldError>}
    </div>
  );
}

export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="flex items-start gap-1 text-sm font-medium text-danger-text">
      <WarningIcon className="mt-0.5 size-4" />
      <span>{children}</span>
    </p>
  );
}

export const controlClasses =
  'block w-full min-h-11 rounded-lg border border-control bg-raised px-3 py-2 text-base text-ink ' +
  'placeholder:text-muted disabled:bg-surface aria-[invalid=true]:border-2 ' +
  'aria-[invalid=true]:border-danger';

type ControlTag = 'input' | 'textarea' | 'select';

/** A labelled control's props: its element's own (but the id, which it makes), and the field's. */
export type LabelledControlProps<T extends ControlTag> = Omit<ComponentProps<T>, 'id'> & {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Marks the control invalid without a message of its own (the form-level alert explains). */
  invalid?: boolean;
  /** The id of another element that describes the control, such as that form-level alert. */
  describedBy?: string;
};

/**
 * Makes a labelled field of one native control: `Field` around it, while the control gets the id,
 * the aria links and every other prop (spread react-hook-form's register() into it).
 */
export function labelledControl<T extends ControlTag>(
  render: (control: ComponentProps<T> & { id: string }) => ReactNode,
) {
  return function LabelledControl({
    label,
    hint,
    error,
    invalid,
    describedBy,
    ...props
  }: LabelledControlProps<T>) {
    const id = useId();
    const aria = fieldIds(id, { hint, error, also: describedBy });
    const invalidFlag = aria['aria-invalid'] ?? (invalid || undefined);
    return (
      <Field id={id} label={label} hint={hint} error={error}>
        {render({ id, ...aria, 'aria-invalid': invalidFlag, ...props } as ComponentProps<T> & {
          id: string;
        })}
      </Field>
    );
  };
}

/** "Characters used: 12/250" under a text box, in the danger colour once over the limit. */
export function CharacterCount({
  id,
  length,
  max,
  className = '',
  children,
}: {
  id: string;
  length: number;
  max: number;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <p
      id={id}
      className={`${className} ${length > max ? 'font-semibold text-danger-text' : 'text-muted'}`.trim()}
    >
      <span className="sr-only">Characters used: </span>
      {length}/{max}
      {children}
    </p>
  );
}
