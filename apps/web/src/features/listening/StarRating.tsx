import { useId } from 'react';
import { StarIcon } from '../../components/ui/icons';

const words = ['', 'Poor', 'Not great', 'Okay', 'Good', 'Excellent'];

export const starLabel = (n: number) => (n === 1 ? '1 star' : `${n} stars`);

/**
 * 1–5 stars as a native radio group: Tab reaches it, the arrow keys choose, and each star is
 * named "1 star" … "5 stars". The radios are visually hidden; their labels draw the stars.
 */
export function StarRating({
  legend,
  value,
  onChange,
  error,
}: {
  legend: string;
  value: number | null;
  onChange: (value: number) => void;
  error?: string | null;
}) {
  const id = useId();
  return (
    <fieldset
      aria-describedby={error ? `${id}-error` : `${id}-chosen`}
      className="flex flex-col gap-1"
    >
      <legend className="font-semibold text-ink">{legend}</legend>
      <div className="flex flex-wrap items-center gap-x-3">
        <div className="flex">
          {[1, 2, 3, 4, 5].map((n) => (
            <label
              key={n}
              className="relative inline-flex size-11 cursor-pointer items-center justify-center rounded-lg hover:bg-warning-soft has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-primary-strong"
            >
              <input
                type="radio"
                name={`${id}-stars`}
                value={n}
                checked={value === n}
                onChange={() => onChange(n)}
                className="peer absolute inset-0 m-0 size-full cursor-pointer opacity-0"
              />
              <StarIcon
                filled={value !== null && n <= value}
                className={`size-8 ${value !== null && n <= value ? 'text-warning-text' : 'text-control'}`}
              />
              <span className="sr-only">{starLabel(n)}</span>
            </label>
          ))}
        </div>
        <p id={`${id}-chosen`} className="text-sm text-muted" aria-hidden={value === null}>
          {value === null ? '' : `${starLabel(value)} · ${words[value]}`}
        </p>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm font-medium text-danger-text">
          {error}
        </p>
      )}
    </fieldset>
  );
}
