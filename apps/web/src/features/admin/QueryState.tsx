import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Button } from '../../components/ui/Button';
import { LoadingState } from '../../components/ui/Spinner';
import { errorMessage } from '../../lib/api-error';

/**
 * Loading, error (with Try again) or the content for one query. `children` runs only once data
 * is there, so it can use `query.data` without checks.
 */
export function QueryState<T>({
  query,
  loading,
  children,
}: {
  query: UseQueryResult<T>;
  loading: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <LoadingState label={loading} />;
  if (query.isError) {
    return (
      <div
        role="alert"
        className="flex flex-col items-start gap-3 rounded-lg border border-danger bg-danger-soft p-4 text-danger-text"
      >
        <p>{errorMessage(query.error)}</p>
        <Button variant="secondary" busy={query.isFetching} onClick={() => void query.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  return <>{children(query.data)}</>;
}

export const tableClasses = 'w-full border-collapse text-left text-sm';
export const thClasses = 'border-b border-line px-3 py-2 font-semibold text-muted';
export const tdClasses = 'border-b border-line px-3 py-2 align-top';
