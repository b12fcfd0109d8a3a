import type { ReactNode } from 'react';
import { Pagination } from './Pagination';
import { tableClasses, thClasses } from './QueryState';

interface PagedTableProps {
  /** The table's name for screen readers. */
  caption: ReactNode;
  columns: string[];
  /** Shown instead of the table when the page has no rows. */
  empty: ReactNode;
  rowCount: number;
  /** The page shown (from the list's answer) and how to move to another. */
  paging: { page: number; pages: number; total: number };
  pagingLabel: string;
  limit: number;
  onPage: (page: number) => void;
  busy?: boolean;
  /** The rows. */
  children: ReactNode;
}

/** An admin list: its table (or empty message) and its page links. */
export function PagedTable({
  caption,
  columns,
  empty,
  rowCount,
  paging,
  pagingLabel,
  limit,
  onPage,
  busy,
  children,
}: PagedTableProps) {
  return (
    <div className="flex flex-col gap-3" aria-busy={busy || undefined}>
      {rowCount === 0 ? (
        <p className="rounded-lg bg-surface p-4 text-muted">{empty}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className={tableClasses}>
            <caption className="sr-only">{caption}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col" className={thClasses}>
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
      <Pagination
        label={pagingLabel}
        page={paging.page}
        pages={paging.pages}
        total={paging.total}
        limit={limit}
        onPage={onPage}
      />
    </div>
  );
}
