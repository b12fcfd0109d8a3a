import { useState } from 'react';

/**
 * Which page of an admin list to ask for, `limit` rows at a time. `query` goes into the list's
 * query; a changed filter calls `firstPage`.
 */
export function usePager(limit: number) {
  const [page, setPage] = useState(1);
  return { page, limit, query: { page, limit }, setPage, firstPage: () => setPage(1) };
}

export type Pager = ReturnType<typeof usePager>;

/** Where a list's answer says it is: its page, how many pages and rows there are in all. */
export interface Paging {
  page: number;
  pages: number;
  total: number;
}
