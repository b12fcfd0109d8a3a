import type { ReactNode } from 'react';
import { errorMessage } from '../../lib/api-error';
import { Button } from './Button';
import { FormAlert } from './FormAlert';
import { LoadingState } from './Spinner';

/** A load that failed: what went wrong, and Try again. */
export function LoadError({ query }: { query: { error: unknown; refetch: () => unknown } }) {
  return (
    <div className="flex flex-col items-start gap-2">
      <FormAlert message={errorMessage(query.error)} />
      <Button variant="secondary" onClick={() => void query.refetch()}>
        Try again
      </Button>
    </div>
  );
}

/**
 * A fetched list's states: loading, failed (with Try again), empty, or the list: a `ul` named
 * `listLabel` around `children` (its items).
 */
export function ListStates({
  query,
  loading,
  isEmpty,
  empty,
  listLabel,
  listClassName,
  keepShownOnRefreshError = false,
  children,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    refetch: () => unknown;
    data?: unknown;
  };
  /** A failed refresh keeps what was shown; only a first load that failed says so. */
  keepShownOnRefreshError?: boolean;
  /** What is loading, e.g. "Loading your conversations…". */
  loading: string;
  isEmpty: boolean;
  /** What to say when the list is empty. */
  empty: ReactNode;
  listLabel: string;
  listClassName: string;
  children: ReactNode;
}) {
  if (query.isPending) return <LoadingState label={loading} />;
  if (query.isError && !(keepShownOnRefreshError && query.data !== undefined)) {
    return <LoadError query={query} />;
  }
  if (isEmpty) return empty;
  return (
    <ul aria-label={listLabel} className={listClassName}>
      {children}
    </ul>
  );
}
