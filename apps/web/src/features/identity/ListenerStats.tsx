import type { ReactNode } from 'react';

function StatTile({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="rounded-lg bg-surface p-4">
      <dt className="text-sm text-muted">{label}</dt>
      <dd className="text-2xl font-bold">{children}</dd>
    </div>
  );
}

/** A listener's rating and number of chats, side by side. */
export function ListenerStats({ rating, totalChats }: { rating: ReactNode; totalChats: number }) {
  return (
    <dl className="grid grid-cols-2 gap-4">
      <StatTile label="Rating">{rating}</StatTile>
      <StatTile label="Total chats">{totalChats}</StatTile>
    </dl>
  );
}
