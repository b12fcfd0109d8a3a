import type { ResourceCard } from '@kindred/protocol';
import { Link } from 'react-router';
import { describeLength, typeInfo } from './format';

/**
 * A resource shared into a chat: a card with its type, title and length that opens it in the
 * library. Shown the same in every chat; inside a bubble of either side.
 */
export function ResourceMessageCard({
  resource,
  own,
}: {
  resource: ResourceCard | null;
  own: boolean;
}) {
  const frame = `flex w-72 max-w-full flex-col gap-1 rounded-xl border p-3 ${
    own ? 'border-on-bubble-own/40 bg-on-bubble-own/10' : 'border-control bg-raised'
  }`;
  if (!resource) {
    return (
      <div className={frame} data-resource-message>
        <p className="italic">This resource is no longer available.</p>
      </div>
    );
  }
  const info = typeInfo[resource.type];
  const length = describeLength(resource);
  return (
    <div className={`relative ${frame}`} data-resource-message>
      <p className={`text-sm font-semibold ${own ? 'text-on-bubble-own-muted' : 'text-muted'}`}>
        <span aria-hidden="true">{info.icon} </span>
        Shared resource · {info.label}
        {length ? ` · ${length}` : ''}
      </p>
      <Link
        to={`/library/${resource.id}`}
        className={`text-lg leading-snug font-bold underline-offset-2 after:absolute after:inset-0 after:rounded-xl hover:underline ${
          own ? 'text-on-bubble-own' : 'text-primary-strong'
        }`}
      >
        {resource.title}
      </Link>
      {resource.summary && (
        <p className={`line-clamp-2 text-sm ${own ? 'text-on-bubble-own-muted' : 'text-muted'}`}>
          {resource.summary}
        </p>
      )}
    </div>
  );
}
