import { severityLabel } from './admin-format';

const tones = {
  High: 'bg-danger-soft text-danger-text border-danger',
  Medium: 'bg-warning-soft text-warning-text border-warning',
  Low: 'bg-surface text-muted border-line',
} as const;

/** Severity in words and colour (words first: colour alone says nothing to some people). */
export function SeverityBadge({ severity }: { severity: number }) {
  const label = severityLabel(severity);
  return (
    <span
      className={`inline-block whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-bold ${tones[label]}`}
    >
      {label}
    </span>
  );
}
