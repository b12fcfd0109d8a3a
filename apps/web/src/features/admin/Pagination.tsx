import { Button } from '../../components/ui/Button';
import { pageItems, rangeLabel } from './paging';
import type { Pager, Paging } from './use-pager';

interface PaginationProps {
  /** What is paged, for the navigation's name: "Users pages". */
  label: string;
  /** The page shown (from the list's answer). */
  paging: Paging;
  /** Its size, and how to move to another page. */
  pager: Pager;
}

const pageButton =
  'inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg px-2 font-semibold';

/** "Showing 1–20 of 57" and page links: previous, numbers with gaps, next. */
export function Pagination({ label, paging: { page, pages, total }, pager }: PaginationProps) {
  // The table's own empty message says it already.
  if (total === 0) return null;
  return (
    <div className="flex flex-wrap items-center justify-between gap-2">
      <p className="text-sm text-muted" aria-live="polite">
        {rangeLabel(page, pager.limit, total)}
      </p>
      {pages > 1 && (
        <nav aria-label={`${label} pages`}>
          <ul className="flex flex-wrap items-center gap-1">
            <li>
              <Button
                variant="secondary"
                disabled={page <= 1}
                onClick={() => pager.setPage(page - 1)}
              >
                Previous
              </Button>
            </li>
            {pageItems(page, pages).map((item, i) =>
              item === null ? (
                <li key={`gap-${i}`} aria-hidden="true" className="px-1 text-muted">
                  …
                </li>
              ) : (
                <li key={item}>
                  <button
                    type="button"
                    aria-label={`Page ${item}`}
                    aria-current={item === page ? 'page' : undefined}
                    onClick={() => pager.setPage(item)}
                    className={`${pageButton} ${
                      item === page
                        ? 'bg-primary-strong text-on-accent'
                        : 'text-primary-strong hover:bg-primary-soft'
                    }`}
                  >
                    {item}
                  </button>
                </li>
              ),
            )}
            <li>
              <Button
                variant="secondary"
                disabled={page >= pages}
                onClick={() => pager.setPage(page + 1)}
              >
                Next
              </Button>
            </li>
          </ul>
        </nav>
      )}
    </div>
  );
}
