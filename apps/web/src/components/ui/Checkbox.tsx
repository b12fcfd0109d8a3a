import type { ComponentProps, ReactNode } from 'react';

export interface CheckboxProps extends Omit<ComponentProps<'input'>, 'type'> {
  /** The first words of the accessible name, e.g. "Sharer". */
  label: ReactNode;
  /** Optional second line; it follows the label in the accessible name. */
  description?: ReactNode;
}

/** A choice's name and, under it, its description (for a label around a checkbox or radio). */
export function ChoiceText({ label, description }: Pick<CheckboxProps, 'label' | 'description'>) {
  return (
    <span className="flex flex-col">
      <span className="font-semibold text-ink">{label}</span>
      {description && <span className="text-sm text-muted">{description}</span>}
    </span>
  );
}

/** A native checkbox with a large click target and its label beside it. */
export function Checkbox({ label, description, className = '', ...props }: CheckboxProps) {
  return (
    <label
      className={`flex min-h-11 cursor-pointer items-start gap-3 rounded-lg py-2 ${className}`}
    >
      <input
        type="checkbox"
        className="mt-0.5 size-5 shrink-0 cursor-pointer rounded border-control accent-primary-strong aria-[invalid=true]:ring-2 aria-[invalid=true]:ring-danger"
        {...props}
      />
      <ChoiceText label={label} description={description} />
    </label>
  );
}
