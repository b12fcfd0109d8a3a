import { useId } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { Checkbox } from '../../components/ui/Checkbox';
import { FieldError } from '../../components/ui/Field';

interface RoleCheckboxesProps {
  registration: UseFormRegisterReturn;
  error?: string;
  legend: string;
  hint?: string;
}

const roleChoices = [
  { value: 'sharer', label: 'Sharer', description: "I'd like someone to listen" },
  { value: 'listener', label: 'Listener', description: "I'd like to listen" },
] as const;

/** The Sharer / Listener choice, shared by registration and the profile page. */
export function RoleCheckboxes({ registration, error, legend, hint }: RoleCheckboxesProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <fieldset aria-describedby={hint ? hintId : undefined} className="flex flex-col gap-1">
      <legend className="font-semibold text-ink">{legend}</legend>
      {hint && (
        <p id={hintId} className="text-sm text-muted">
          {hint}
        </p>
      )}
      {roleChoices.map(({ value, label, description }) => (
        <Checkbox
          key={value}
          label={label}
          description={description}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          {...registration}
        />
      ))}
      {error && <FieldError id={errorId}>{error}</FieldError>}
    </fieldset>
  );
}
