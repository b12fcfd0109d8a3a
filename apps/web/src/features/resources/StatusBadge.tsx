import type { ResourceStatus } from './resources-api';

const labels: Record<ResourceStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  published: 'Published',
  rejected: 'Rejected',
};

const tones: Record<ResourceStatus, string> = {
  draft: 'border-control bg-surface text-ink',
  in_review: 'border-warning bg-warning-soft text-warning-text',
  published: 'border-secondary-strong bg-secondary-soft text-secondary-strong',
  rejected: 'border-danger bg-danger-soft text-danger-text',
};

export const statusLabel = (status: ResourceStatus) => labels[status];

/** A resource's review status, in words (never colour alone). */
export function StatusBadge({ status }: { status: ResourceStatus }) {
  return (
    <span
      className={`inline-flex items-center rounded-full border px-2.5 py-0.5 text-sm font-semibold ${tones[status]}`}
    >
      {labels[status]}
    </span>
  );
}
