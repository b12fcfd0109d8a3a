import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ButtonLink } from '../../components/ui/ButtonLink';
import { buttonClasses } from '../../components/ui/button-styles';
import { ApiError } from '../../lib/api';
import { usePageTitle } from '../../lib/use-page-title';
import { QueryState } from '../admin/QueryState';
import { formatDate, formatSize, languageName } from './format';
import { renderMarkdown } from './markdown';
import { MediaPlayer } from './MediaPlayer';
import { proseClasses } from './prose';
import { TypeAndLength } from './ResourceCard';
import { StatusBadge } from './StatusBadge';
import { downloadUrl, recordView, type Resource, resourceQueryOptions } from './resources-api';
import { TopicList } from '../../components/ui/TopicList';

/** An article's Markdown, rendered and sanitised once per text. */
function ArticleBody({ markdown }: { markdown: string }) {
  const html = useMemo(() => renderMarkdown(markdown), [markdown]);
  return (
    <div className={proseClasses} data-article-body dangerouslySetInnerHTML={{ __html: html }} />
  );
}

/** The host of an external link, for "Visit example.org". */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * A resource that is a file: `children` show the file (or it says it is not uploaded yet), and
 * the resource's text follows.
 */
function FileResource({
  resource,
  children,
}: {
  resource: Resource;
  children: (file: NonNullable<Resource['file']>) => ReactNode;
}) {
  return (
    <div className="flex flex-col gap-6">
      {resource.file ? (
        children(resource.file)
      ) : (
        <p className="text-muted">The file has not been uploaded yet.</p>
      )}
      {resource.body && <ArticleBody markdown={resource.body} />}
    </div>
  );
}

/** What the resource is: the article, a player, the PDF or the link. */
function ResourceContent({ resource }: { resource: Resource }) {
  const src = resource.file?.url ?? downloadUrl(resource.id);
  switch (resource.type) {
    case 'article':
      return resource.body ? <ArticleBody markdown={resource.body} /> : null;
    case 'audio':
    case 'video': {
      const kind = resource.type;
      return (
        <FileResource resource={resource}>
          {() => (
            <MediaPlayer kind={kind} src={src} resourceId={resource.id} title={resource.title} />
          )}
        </FileResource>
      );
    }
    case 'pdf':
      return (
        <FileResource resource={resource}>
          {(file) => (
            <div className="flex flex-col items-start gap-3 rounded-xl border border-line bg-surface p-4">
              <p>
                PDF
                {resource.pages
                  ? ` · ${resource.pages} ${resource.pages === 1 ? 'page' : 'pages'}`
                  : ''}{' '}
                · {formatSize(file.size_bytes)}
              </p>
              <div className="flex flex-wrap gap-2">
                <a
                  href={src}
                  target="_blank"
                  rel="noopener noreferrer"
                  className={buttonClasses('primary')}
                >
                  Open the PDF<span className="sr-only"> (opens in a new tab)</span>
                </a>
                <a href={`${src}?download=1`} download className={buttonClasses('secondary')}>
                  Download
                </a>
              </div>
            </div>
          )}
        </FileResource>
      );
    case 'link':
      return (
        <div className="flex flex-col gap-6">
          {resource.url && (
            <div className="flex flex-col items-start gap-2 rounded-xl border border-line bg-surface p-4">
              <a
                href={resource.url}
                target="_blank"
                rel="noopener noreferrer"
                className={buttonClasses('primary')}
              >
                Visit {hostOf(resource.url)}
                <span className="sr-only"> (opens another website in a new tab)</span>
              </a>
              <p className="text-sm text-muted">This opens a website that Kindred does not run.</p>
            </div>
          )}
          {resource.body && <ArticleBody markdown={resource.body} />}
        </div>
      );
  }
}

function ResourceView({ resource }: { resource: Resource }) {
  usePageTitle(resource.title);
  const published = resource.status === 'published';

  // Reading it counts as a view (the server counts one per person and day).
  useEffect(() => {
    if (published) void recordView(resource.id).catch(() => undefined);
  }, [published, resource.id]);

  return (
    <article
      className="mx-auto flex w-full max-w-3xl flex-col gap-6"
      aria-labelledby="resource-title"
    >
      <header className="flex flex-col gap-3">
        <TypeAndLength resource={resource} />
        <h1 id="resource-title" className="text-3xl sm:text-4xl">
          {resource.title}
        </h1>
        <p className="max-w-[68ch] text-xl text-muted">{resource.summary}</p>
        <p className="text-sm text-muted">
          By {resource.author}
          {resource.published_at && (
            <>
              {' '}
              · <time dateTime={resource.published_at}>{formatDate(resource.published_at)}</time>
            </>
          )}{' '}
          · {languageName(resource.language)}
        </p>
        <TopicList
          topics={resource.topics}
          gap="gap-1.5"
          renderTopic={(topic) => (
            <Link
              to={`/library?topic=${encodeURIComponent(topic)}`}
              className="inline-flex min-h-8 items-center rounded-full border border-line bg-surface px-3 text-sm text-ink no-underline hover:bg-primary-soft"
            >
              {topic}
            </Link>
          )}
        />
        {!published && (
          <div className="flex flex-wrap items-center gap-3 rounded-lg border border-warning bg-warning-soft px-4 py-3 text-warning-text">
            <StatusBadge status={resource.status} />
            <span>Only editors can see this until it is published.</span>
            {resource.rejection_reason && <span>Reason: {resource.rejection_reason}</span>}
          </div>
        )}
        {resource.can_edit && (
          <div>
            <ButtonLink to={`/library/${resource.id}/edit`} variant="secondary">
              Edit
            </ButtonLink>
          </div>
        )}
      </header>
      <ResourceContent resource={resource} />
      <footer className="border-t border-line pt-4">
        <Link to="/library" className="font-semibold text-primary-strong underline">
          Back to the library
        </Link>
      </footer>
    </article>
  );
}

function NotFound() {
  usePageTitle('Resource not found');
  return (
    <div className="mx-auto flex max-w-xl flex-col items-start gap-4 py-8">
      <h1 className="text-3xl">We couldn't find this resource</h1>
      <p>It may have been taken down, or the link is not quite right.</p>
      <ButtonLink to="/library">Go to the library</ButtonLink>
    </div>
  );
}

/** /library/:id: one resource to read, listen to, watch or open. */
export function ResourcePage() {
  const { resourceId = '' } = useParams();
  const query = useQuery(resourceQueryOptions(resourceId));
  if (query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400))
    return <NotFound />;
  return (
    <QueryState query={query} loading="Opening…">
      {(resource) => <ResourceView resource={resource} />}
    </QueryState>
  );
}
