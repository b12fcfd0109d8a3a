import { useId } from 'react';

export interface ChipOption {
  value: string;
  label: string;
}

/**
 * A labelled row of toggle chips choosing at most one value: pressing the chosen chip again
 * clears it ("All"). Each chip is a button with aria-pressed, so keyboards and screen readers
 * know what is on.
 */
export function FilterChips({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly ChipOption[];
  value: string | null;
  onChange: (value: string | null) => void;
}) {
  const id = useId();
  const chip = (pressed: boolean) =>
    `inline-flex min-h-11 items-center rounded-full border px-4 font-semibold transition-colors ${
      pressed
        ? 'border-primary-strong bg-primary-strong text-on-accent'
        : 'border-control bg-raised text-ink hover:bg-surface'
    }`;
  return (
    <div className="flex flex-col gap-1.5 sm:flex-row sm:items-center sm:gap-3">
      <span id={id} className="w-24 shrink-0 font-semibold text-ink">
        {label}
      </span>
      <div role="group" aria-labelledby={id} className="flex flex-wrap gap-2">
        <button
          type="button"
          aria-pressed={value === null}
          onClick={() => onChange(null)}
          className={chip(value === null)}
        >
          All
        </button>
        {options.map((option) => {
          const pressed = value === option.value;
          return (
            <button
              key={option.value}
              type="button"
              aria-pressed={pressed}
              onClick={() => onChange(pressed ? null : option.value)}
              className={chip(pressed)}
            >
              {option.label}
            </button>
          );
        })}
      </div>
    </div>
  );
}
