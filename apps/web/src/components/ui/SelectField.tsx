import type { ReactNode } from 'react';
import { controlClasses, labelledControl } from './Field';

/** A labelled native select. */
export const SelectField = labelledControl<'select'>(({ className = '', ...props }) => (
  <select className={`${controlClasses} ${className}`} {...props} />
));

/** An <option> for each of `values`, its text from `label`. */
export function Options<T extends string | number>({
  values,
  label,
}: {
  values: readonly T[];
  label: (value: T) => ReactNode;
}) {
  return (
    <>
      {values.map((value) => (
        <option key={value} value={value}>
          {label(value)}
        </option>
      ))}
    </>
  );
}
