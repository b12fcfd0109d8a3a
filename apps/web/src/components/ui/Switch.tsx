import { ChoiceText, type CheckboxProps } from './Checkbox';

/** An on/off setting: a real checkbox (so it is keyboard and screen-reader native) drawn as a switch. */
export function Switch({ label, description, className = '', ...props }: CheckboxProps) {
  return (
    <label
      className={`flex min-h-11 cursor-pointer items-center justify-between gap-4 py-2 ${className}`}
    >
      <ChoiceText label={label} description={description} />
      <span className="relative inline-flex shrink-0 items-center">
        {/* The real checkbox lies, transparent, over the drawn switch: it receives the clicks
            and the focus, and the drawing follows its state through `peer-*`. */}
        <input
          type="checkbox"
          className="peer absolute inset-0 z-10 m-0 size-full cursor-pointer opacity-0 disabled:cursor-not-allowed"
          {...props}
        />
        <span
          aria-hidden="true"
          className="h-7 w-12 rounded-full border-2 border-control bg-raised transition-colors peer-checked:border-primary-strong peer-checked:bg-primary-strong peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-primary-strong peer-disabled:opacity-60"
        />
        <span
          aria-hidden="true"
          className="absolute left-1 size-5 rounded-full bg-control transition-transform peer-checked:translate-x-5 peer-checked:bg-raised"
        />
      </span>
    </label>
  );
}
