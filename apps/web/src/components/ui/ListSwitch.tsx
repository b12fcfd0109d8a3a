import type { ReactNode, RefObject } from 'react';

export interface SwitchOption<K extends string> {
  key: K;
  label: ReactNode;
}

interface ListSwitchProps<K extends string> {
  label: string;
  options: readonly SwitchOption<K>[];
  selected: K;
  onSelect: (key: K) => void;
  /** For moving focus back here when the item that had it goes away. */
  groupRef?: RefObject<HTMLDivElement | null>;
}

/** A two- or three-way switch between lists ("Active" / "Archived"): buttons with aria-pressed. */
export function ListSwitch<K extends string>(props: ListSwitchProps<K>) {
  const { label, options, selected, onSelect, groupRef } = props;
  return (
    <div
      ref={groupRef}
      role="group"
      aria-label={label}
      className="inline-flex w-fit rounded-lg border border-line p-1"
    >
      {options.map((option) => (
        <button
          key={option.key}
          type="button"
          aria-pressed={option.key === selected}
          onClick={() => onSelect(option.key)}
          className={`inline-flex min-h-11 items-center rounded-md px-4 font-semibold ${
            option.key === selected
              ? 'bg-primary-strong text-on-accent'
              : 'text-ink hover:bg-surface'
          }`}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}
