import {
  createContext,
  useContext,
  useEffect,
  useLayoutEffect,
  useState,
  type ReactNode,
} from 'react';
import { Pagination } from './Pagination';
import { tableClasses, tdClasses, thClasses } from './QueryState';
import type { Pager, Paging } from './use-pager';

interface PagedTableProps<Row> {
  /** The table's name for screen readers. */
  caption: string;
  columns: string[];
  /** Shown instead of the table when the page has no rows. */
  empty: ReactNode;
  /** The page's rows, each drawn as a table row by `children`. */
  rows: Row[];
  /** The page shown (from the list's answer) and how to move to another. */
  paging: Paging;
  pagingLabel: string;
  pager: Pager;
  busy?: boolean;
  children: (row: Row) => ReactNode;
}

/** How many columns the table around a row has (a row of details spans them all). */
const ColumnCount = createContext(1);

/**
 * Tables keep their meaning for screen readers when narrow screens lay them out as cards (CSS
 * `display: block` makes some browsers forget it): each element gets its role explicitly, and
 * each cell the name of its column, which the card shows above the value.
 */
function useCardLayout(table: HTMLTableElement | null, columns: string[]): void {
  useLayoutEffect(() => {
    if (!table) return;
    table.setAttribute('role', 'table');
    for (const group of table.querySelectorAll('thead, tbody'))
      group.setAttribute('role', 'rowgroup');
    for (const row of table.querySelectorAll('tr')) row.setAttribute('role', 'row');
    for (const header of table.querySelectorAll('thead th'))
      header.setAttribute('role', 'columnheader');
    for (const row of table.querySelectorAll('tbody tr')) {
      Array.from(row.children).forEach((cell, index) => {
        if (!(cell instanceof HTMLTableCellElement)) return;
        cell.setAttribute('role', cell.tagName === 'TH' ? 'rowheader' : 'cell');
        const column = columns[index];
        if (cell.colSpan === 1 && column) cell.dataset.label = column;
      });
    }
  });
}

/**
 * True while the element's content is wider than the element: then it scrolls sideways and
 * must be reachable (and scrollable) by keyboard.
 */
function useOverflowing(element: HTMLElement | null): boolean {
  const [overflowing, setOverflowing] = useState(false);
  useEffect(() => {
    if (!element) return;
    const check = () => setOverflowing(element.scrollWidth > element.clientWidth + 1);
    const observer = new ResizeObserver(check);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    check();
    return () => observer.disconnect();
  }, [element]);
  return overflowing;
}

/**
 * An admin list: its table (or empty message) and its page links. Below the `md` breakpoint each
 * row is a card (see `.responsive-table` in index.css), so nothing scrolls sideways on a phone.
 */
export function PagedTable<Row>({
  caption,
  columns,
  empty,
  rows,
  paging,
  pagingLabel,
  pager,
  busy,
  children,
}: PagedTableProps<Row>) {
  const [table, setTable] = useState<HTMLTableElement | null>(null);
  const [wrapper, setWrapper] = useState<HTMLDivElement | null>(null);
  useCardLayout(table, columns);
  const overflowing = useOverflowing(wrapper);
  return (
    <div className="flex flex-col gap-3" aria-busy={busy || undefined}>
      {rows.length === 0 ? (
        <p className="rounded-lg bg-surface p-4 text-muted">{empty}</p>
      ) : (
        <div
          ref={setWrapper}
          className="overflow-x-auto"
          // Only while it scrolls: a stop in the tab order, named, for keyboard scrolling.
          tabIndex={overflowing ? 0 : undefined}
          role={overflowing ? 'region' : undefined}
          aria-label={overflowing ? `${caption} (scrolls sideways)` : undefined}
        >
          <table ref={setTable} className={`${tableClasses} responsive-table`}>
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
            <tbody>
              <ColumnCount.Provider value={columns.length}>
                {rows.map(children)}
              </ColumnCount.Provider>
            </tbody>
          </table>
        </div>
      )}
      <Pagination label={pagingLabel} paging={paging} pager={pager} />
    </div>
  );
}

/** A row's details: whether they show, their element's id, and the props of their toggle button. */
export interface RowExpansion {
  open: boolean;
  detailsId: string;
  toggle: { 'aria-expanded': boolean; 'aria-controls'?: string; onClick: () => void };
}

/**
 * Which row of a table has its details open (one at a time): a row's state by its id, the
 * details' element id being `${idPrefix}-${id}`.
 */
export function useRowExpansion(idPrefix: string): (id: string) => RowExpansion {
  const [expanded, setExpanded] = useState<string | null>(null);
  return (id) => {
    const open = expanded === id;
    const detailsId = `${idPrefix}-${id}`;
    return {
      open,
      detailsId,
      toggle: {
        'aria-expanded': open,
        'aria-controls': open ? detailsId : undefined,
        onClick: () => setExpanded(open ? null : id),
      },
    };
  };
}

/**
 * A table row (`children`, its cells) with, while `expansion` is open, `details` in a full-width
 * row under it (the id the toggle button's aria-controls names).
 */
export function ExpandableRow({
  expansion: { open, detailsId },
  details,
  children,
}: {
  expansion: RowExpansion;
  details: ReactNode;
  children: ReactNode;
}) {
  const columns = useContext(ColumnCount);
  return (
    <>
      <tr>{children}</tr>
      {open && (
        <tr id={detailsId}>
          <td colSpan={columns} className={`${tdClasses} bg-surface`}>
            {details}
          </td>
        </tr>
      )}
    </>
  );
}
