import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router';
import { ListStates } from '../../components/ui/ListStates';
import { ResourceCard } from './ResourceCard';
import { recommendedQueryOptions } from './resources-api';

/** The dashboard's "Recommended for you": a few resources picked for this person. */
export function RecommendedResources() {
  const id = useId();
  const query = useQuery(recommendedQueryOptions);
  const resources = query.data?.resources.slice(0, 3) ?? [];
  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${id}-title`} className="text-2xl">
          Recommended for you
        </h2>
        <Link to="/library" className="font-semibold text-primary-strong underline">
          Browse the library
        </Link>
      </div>
      {query.data?.basis === 'editors_picks' && resources.length > 0 && (
        <p className="text-muted">A few favourites from the Kindred team to start with.</p>
      )}
      <ListStates
        query={query}
        loading="Finding something for you…"
        keepShownOnRefreshError
        isEmpty={resources.length === 0}
        empty={<p className="text-muted">Nothing new to suggest right now.</p>}
        listLabel="Recommended for you"
        listClassName="grid gap-4 md:grid-cols-3"
      >
        {resources.map((resource) => (
          <li key={resource.id}>
            <ResourceCard resource={resource} compact />
          </li>
        ))}
      </ListStates>
    </section>
  );
}
