import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '../../components/ui/Button';
import { ButtonLink } from '../../components/ui/ButtonLink';
import { ListStates } from '../../components/ui/ListStates';
import { Spinner } from '../../components/ui/Spinner';
import { usePageTitle } from '../../lib/use-page-title';
import { useDebouncedValue } from '../admin/use-debounced-value';
import { LoadMoreButton } from '../direct/LoadMoreButton';
import { useMe } from '../identity/me-query';
import { canEditResources } from './permissions';
import { FilterChips } from './FilterChips';
import { languageName, typeInfo } from './format';
import { libraryLanguages, libraryTopics } from './library-options';
import { ResourceCard } from './ResourceCard';
import { Options } from '../../components/ui/SelectField';
import {
  type LibraryFilters,
  libraryQueryOptions,
  type ResourceSort,
  resourceSorts,
  type ResourceType,
  resourceTypes,
} from './resources-api';

/** Long enough not to search on every key, short enough to feel instant. */
const SEARCH_DEBOUNCE_MS = 250;

const sortLabels: Record<ResourceSort, string> = {
  relevance: 'Best match',
  newest: 'Newest',
  popular: 'Most read',
};

const typeOptions = resourceTypes.map((type) => ({ value: type, label: typeInfo[type].plural }));
const topicOptions = libraryTopics.map((topic) => ({ value: topic, label: topic }));
const languageOptions = libraryLanguages.map((code) => ({
  value: code,
  label: languageName(code),
}));

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | null =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;

/** The filters as the URL holds them, so that a search can be shared, reloaded or gone back to. */
function filtersFrom(params: URLSearchParams): LibraryFilters {
  const q = params.get('q') ?? '';
  const sort = oneOf(resourceSorts, params.get('sort'));
  return {
    q,
    type: oneOf<ResourceType>(resourceTypes, params.get('type')),
    topic: params.get('topic') || null,
    language: params.get('language') || null,
    // Best match only means something for a search.
    sort: sort && (sort !== 'relevance' || q.trim()) ? sort : q.trim() ? 'relevance' : 'newest',
  };
}

/** /library: everything published, searched as you type, filtered by chips, sorted. */
export function LibraryPage() {
  usePageTitle('Library');
  const { data: me } = useMe();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const [text, setText] = useState(filters.q);
  const searched = useDebouncedValue(text, SEARCH_DEBOUNCE_MS);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const [filtersOpen, setFiltersOpen] = useState(false);
  const activeFilters = [filters.type, filters.topic, filters.language].filter(Boolean).length;

  function setParam(name: keyof LibraryFilters, value: string | null) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        // A new search asks for the best matches first, unless a sort was chosen on purpose.
        if (name === 'q' && !current.get('q') && next.get('sort') !== 'popular')
          next.delete('sort');
        return next;
      },
      { replace: true },
    );
  }

  // The search the box last put into the URL: any other change came from Back or Forward.
  const written = useRef(filters.q);
  const search = (value: string) => {
    written.current = value;
    setParam('q', value || null);
  };

  // Typing settles: the search goes into the URL (and runs).
  useEffect(() => {
    if (searched.trim() !== (params.get('q') ?? '').trim()) search(searched.trim());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the typed text settles
  }, [searched]);

  // Back or forward to another search: the box shows it.
  const urlQuery = params.get('q') ?? '';
  useEffect(() => {
    if (urlQuery === written.current) return;
    written.current = urlQuery;
    setText(urlQuery);
  }, [urlQuery]);

  const list = useInfiniteQuery(libraryQueryOptions(filters));
  const resources = list.data?.pages.flatMap((page) => page.resources) ?? [];
  const filtered = Boolean(filters.q.trim() || filters.type || filters.topic || filters.language);
  const refreshing = list.isFetching && !list.isFetchingNextPage && !list.isPending;
  const count = resources.length;
  const more = list.hasNextPage;

  function clearAll() {
    written.current = '';
    setText('');
    setParams(new URLSearchParams(), { replace: true });
    inputRef.current?.focus();
  }

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex max-w-2xl flex-col gap-1">
          <h1 className="text-3xl">Library</h1>
          <p className="text-muted">
            Things to read, listen to and watch between chats: grounding exercises, getting through
            a hard night, supporting a friend.
          </p>
        </div>
        {me && canEditResources(me) && (
          <div className="flex flex-wrap gap-2">
            <ButtonLink to="/library/mine" variant="secondary">
              My resources
            </ButtonLink>
            <ButtonLink to="/library/new">Write a resource</ButtonLink>
          </div>
        )}
      </div>

      <div className="flex flex-col gap-4 rounded-xl border border-line bg-raised p-4 sm:p-5">
        <form
          role="search"
          aria-label="Library"
          className="flex flex-col gap-1"
          onSubmit={(event) => {
            event.preventDefault();
            search(text.trim());
          }}
        >
          <label htmlFor={`${id}-q`} className="font-semibold text-ink">
            Search the library
          </label>
          <div className="flex gap-2">
            <input
              ref={inputRef}
              id={`${id}-q`}
              type="search"
              value={text}
              autoComplete="off"
              enterKeyHint="search"
              placeholder="Try “breathing”, “sleep” or “panic”"
              aria-describedby={`${id}-results`}
              onChange={(event) => setText(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape' && text) {
                  event.preventDefault();
                  setText('');
                }
              }}
              className="block min-h-11 w-full rounded-lg border border-control bg-raised px-3 py-2 text-base text-ink placeholder:text-muted"
            />
            <Button type="submit">Search</Button>
          </div>
        </form>
        {/* On a phone the chips fold away behind one button, so that results come first. */}
        <Button
          variant="secondary"
          className="self-start sm:hidden"
          aria-expanded={filtersOpen}
          aria-controls={`${id}-filters`}
          onClick={() => setFiltersOpen((open) => !open)}
        >
          Filters{activeFilters > 0 ? ` · ${activeFilters} on` : ''}
        </Button>
        <div
          id={`${id}-filters`}
          className={`${filtersOpen ? 'flex' : 'hidden'} flex-col gap-4 sm:flex`}
        >
          <FilterChips
            label="Type"
            options={typeOptions}
            value={filters.type}
            onChange={(value) => setParam('type', value)}
          />
          <FilterChips
            label="Topic"
            options={topicOptions}
            value={filters.topic}
            onChange={(value) => setParam('topic', value)}
          />
          <FilterChips
            label="Language"
            options={languageOptions}
            value={filters.language}
            onChange={(value) => setParam('language', value)}
          />
        </div>
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <p id={`${id}-results`} role="status" className="flex items-center gap-2 text-muted">
          {list.isPending || refreshing ? (
            <>
              <Spinner className="size-4 text-primary-strong" />
              {filters.q.trim() ? 'Searching…' : 'Loading…'}
            </>
          ) : list.isError ? null : count === 0 ? (
            'Nothing found'
          ) : (
            `${more ? `${count}+` : count} ${count === 1 ? 'resource' : 'resources'}${
              filters.q.trim() ? ` for “${filters.q.trim()}”` : ''
            }`
          )}
        </p>
        <div className="flex items-center gap-2">
          <label htmlFor={`${id}-sort`} className="font-semibold text-ink">
            Sort by
          </label>
          <select
            id={`${id}-sort`}
            value={filters.sort}
            onChange={(event) => setParam('sort', event.target.value)}
            className="min-h-11 rounded-lg border border-control bg-raised px-3 py-2 text-base text-ink"
          >
            <Options
              values={resourceSorts.filter((sort) => sort !== 'relevance' || filters.q.trim())}
              label={(sort) => sortLabels[sort]}
            />
          </select>
        </div>
      </div>

      {list.data?.pages[0]?.fuzzy && count > 0 && (
        <p className="rounded-lg border border-line bg-surface px-4 py-3">
          No exact matches for “{filters.q.trim()}”. Showing resources with similar words.
        </p>
      )}
      <div aria-busy={refreshing || undefined} className={refreshing ? 'opacity-70' : undefined}>
        <ListStates
          query={list}
          loading="Loading the library…"
          keepShownOnRefreshError
          isEmpty={count === 0}
          empty={
            <div className="flex flex-col items-start gap-3 rounded-xl border border-dashed border-control p-6">
              <h2 className="text-xl">
                {filtered ? 'Nothing matches that yet' : 'The library is empty for now'}
              </h2>
              <p className="text-muted">
                {filtered
                  ? 'Try fewer words, another spelling, or fewer filters.'
                  : 'Resources appear here once the team publishes them.'}
              </p>
              {filtered && (
                <Button variant="secondary" onClick={clearAll}>
                  Clear search and filters
                </Button>
              )}
            </div>
          }
          listLabel="Resources"
          listClassName="grid gap-4 sm:grid-cols-2 lg:grid-cols-3"
        >
          {resources.map((resource) => (
            <li key={resource.id}>
              <ResourceCard resource={resource} headingLevel={2} />
            </li>
          ))}
        </ListStates>
      </div>
      <LoadMoreButton query={list} />
    </div>
  );
}
