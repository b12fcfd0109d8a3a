import { useState } from 'react';

/** Up to two capitals from a pseudonym: "CaringListener" → "CL", "sam_k" → "SK". */
export function initialsOf(pseudonym: string): string {
  const words = pseudonym
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_]+/)
    .filter(Boolean);
  const letters = words.length > 1 ? words.map((word) => word[0]) : [...pseudonym.slice(0, 2)];
  return letters.slice(0, 2).join('').toUpperCase();
}

interface AvatarProps {
  url: string | null;
  pseudonym: string;
  /** Alt text for the picture; empty when the name is written next to it. */
  alt?: string;
  className?: string;
}

/** A round profile picture, or the pseudonym's initials when there is none (or it fails). */
export function Avatar({ url, pseudonym, alt = '', className = 'size-10 text-sm' }: AvatarProps) {
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const shape = `inline-flex shrink-0 items-center justify-center overflow-hidden rounded-full ${className}`;
  if (url && failedUrl !== url) {
    return (
      <img
        src={url}
        alt={alt}
        onError={() => setFailedUrl(url)}
        className={`${shape} bg-surface object-cover`}
      />
    );
  }
  return (
    <span className={`${shape} bg-primary-strong font-bold text-on-accent`}>
      <span aria-hidden="true">{initialsOf(pseudonym)}</span>
      {alt && <span className="sr-only">{alt}</span>}
    </span>
  );
}
