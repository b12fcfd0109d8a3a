import { Link } from 'react-router';
import { describeLength, formatViews, languageName, snippetParts, typeInfo } from './format';
import type { ResourceSummary } from './resources-api';
import { TopicList } from '../../components/ui/TopicList';

/** "📖 Article · 4 min read": what a resource is and how long it takes (text, not colour). */
export function TypeAndLength({ resource }: { resource: ResourceSummary }) {
  const info = typeInfo[resource.type];
  const length = describeLength(resource);
  return (
    <p className="flex flex-wrap items-center gap-x-2 text-sm font-semibold text-primary-stronger">
      <span className="inline-flex items-center gap-1 rounded-full bg-primary-soft px-2.5 py-0.5">
        <span aria-hidden="true">{info.icon}</span>
        {info.label}
      </span>
      {length && <span className="text-muted">{length}</span>}
    </p>
  );
}

/** A search snippet with the matched words marked. */
export function Snippet({ text }: { text: string }) {
  return (
    <p className="text-muted" data-resource-snippet>
      <span aria-hidden="true">“</span>
      {snippetParts(text).map((part, index) =>
        part.match ? (
          <mark key={index} className="rounded bg-warning-soft px-0.5 font-semibold text-ink">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
      <span aria-hidden="true">”</span>
    </p>
  );
}

/**
 * One resource in a list: its type and length, title (the link that opens it: the whole card is
 * clickable, but only the title is a tab stop), summary or search snippet, topics and author.
 */
export function ResourceCard({
  resource,
  headingLevel = 3,
  compact = false,
}: {
  resource: ResourceSummary;
  headingLevel?: 2 | 3;
  compact?: boolean;
}) {
  const Heading = `h${headingLevel}` as const;
  return (
    <article
      className="relative flex h-full flex-col gap-2 rounded-xl border border-line bg-raised p-4 shadow-sm transition-shadow focus-within:ring-2 focus-within:ring-primary-strong hover:shadow-md"
      data-resource-card
    >
      <TypeAndLength resource={resource} />
      <Heading className="text-xl leading-snug">
        <Link
          to={`/library/${resource.id}`}
          className="text-ink no-underline after:absolute after:inset-0 after:rounded-xl hover:underline focus-visible:outline-none"
        >
          {resource.title}
        </Link>
      </Heading>
      {resource.snippet ? (
        <Snippet text={resource.snippet} />
      ) : (
        <p className={`text-muted ${compact ? 'line-clamp-2' : 'line-clamp-3'}`}>
          {resource.summary}
        </p>
      )}
      {!compact && (
        <div className="mt-auto flex flex-col gap-2 pt-1">
          <TopicList
            topics={resource.topics}
            gap="gap-1.5"
            itemClassName="rounded-full border border-line bg-surface px-2.5 py-0.5 text-sm text-ink"
          />
          <p className="text-sm text-muted">
            {resource.author} · {languageName(resource.language)} ·{' '}
            {formatViews(resource.view_count)}
          </p>
        </div>
      )}
    </article>
  );
}
