import { WarningIcon } from './icons';
import type { ReactNode } from 'react';

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

/** A label, a control, an optional hint and an error message linked by aria-describedby. */
export function Field({ id, label, hint, error, children }: FieldProps) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-semibold text-ink">
        {label}
      </label>
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
  'block w-full min-h-11 rounded-lg border border-control bg-white px-3 py-2 text-base text-ink ' +
  'placeholder:text-muted disabled:bg-surface aria-[invalid=true]:border-2 ' +
  'aria-[invalid=true]:border-danger';
