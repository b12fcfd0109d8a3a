import { Button } from '../../components/ui/Button';

/** A row of buttons that pick which items a tab lists (one pressed at a time). */
export function FilterButtons<K extends string>({
  label,
  options,
  selected,
  onSelect,
}: {
  label: string;
  options: readonly { key: K; label: string }[];
  selected: K;
  onSelect: (key: K) => void;
}) {
  return (
    <div role="group" aria-label={label} className="flex flex-wrap gap-2">
      {options.map((option) => (
        <Button
          key={option.key}
          variant={option.key === selected ? 'primary' : 'secondary'}
          aria-pressed={option.key === selected}
          onClick={() => onSelect(option.key)}
        >
          {option.label}
        </Button>
      ))}
    </div>
  );
}
