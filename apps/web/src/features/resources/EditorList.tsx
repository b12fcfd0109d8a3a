import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ListStates } from '../../components/ui/ListStates';
import { LoadMoreButton } from '../direct/LoadMoreButton';
import { typeInfo } from './format';
import { type LibraryFilters, libraryQueryOptions } from './resources-api';
import { StatusBadge } from './StatusBadge';

const everything: LibraryFilters = {
  q: '',
  type: null,
  topic: null,
  language: null,
  sort: 'newest',
};

/** A list of resources for editors: status, type, title (opens the editor), author. */
export function EditorList({
  scope,
  label,
  empty,
}: {
  /** Extra query parameters that choose the list (the review queue, or one's own). */
  scope: Record<string, string>;
  label: string;
  empty: string;
}) {
  const list = useInfiniteQuery(libraryQueryOptions(everything, scope));
  const resources = list.data?.pages.flatMap((page) => page.resources) ?? [];
  return (
    <>
      <ListStates
        query={list}
        loading="Loading…"
        isEmpty={resources.length === 0}
        empty={<p className="text-muted">{empty}</p>}
        listLabel={label}
        listClassName="flex flex-col divide-y divide-line rounded-xl border border-line bg-raised"
      >
        {resources.map((resource) => (
          <li
            key={resource.id}
            className="flex flex-col gap-1 p-4 sm:flex-row sm:items-center sm:gap-4"
            data-editor-item
          >
            <div className="flex min-w-0 flex-1 flex-col gap-1">
              <p className="flex flex-wrap items-center gap-2 text-sm text-muted">
                {resource.status && <StatusBadge status={resource.status} />}
                <span>
                  <span aria-hidden="true">{typeInfo[resource.type].icon} </span>
                  {typeInfo[resource.type].label}
                </span>
                <span>· {resource.author}</span>
              </p>
              <Link
                to={`/library/${resource.id}/edit`}
                className="text-lg font-semibold text-primary-strong underline"
              >
                {resource.title}
              </Link>
              <p className="line-clamp-2 text-muted">{resource.summary}</p>
            </div>
          </li>
        ))}
      </ListStates>
      <LoadMoreButton query={list} />
    </>
  );
}
