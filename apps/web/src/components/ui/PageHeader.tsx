import type { ReactNode } from 'react';

/** A page's title (its one `h1`) and, under it, what the page is for (`children`). */
export function PageHeader({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <h1 className="text-3xl">{title}</h1>
      <p className="text-muted">{children}</p>
    </div>
  );
}
