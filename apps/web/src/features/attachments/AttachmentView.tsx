import type { Attachment } from '@kindred/protocol';
import { describeDuration, formatBytes, formatDuration } from './attachment-checks';
import { useMediaSrc } from './use-media-src';

/**
 * A message's file inside its bubble: a picture as a thumbnail that opens full size, a PDF as a
 * chip with its name, size and a download link, a voice note as an audio player.
 */
export function AttachmentView({
  attachment,
  caption,
  own,
}: {
  attachment: Attachment;
  caption: string;
  own: boolean;
}) {
  const media = useMediaSrc(attachment.url);
  if (attachment.kind === 'image') {
    const alt = caption ? `Picture: ${caption}` : `Picture ${attachment.name}`;
    return (
      <a
        href={attachment.url}
        target="_blank"
        rel="noopener"
        className="block overflow-hidden rounded-xl focus-visible:outline-2 focus-visible:outline-offset-2"
        aria-label={`${alt} (opens full size in a new tab)`}
      >
        <img
          src={media.src}
          onError={media.onError}
          alt={alt}
          width={attachment.width ?? undefined}
          height={attachment.height ?? undefined}
          loading="lazy"
          data-attachment-image
          className="max-h-64 w-auto max-w-full rounded-xl bg-surface object-contain"
        />
      </a>
    );
  }
  if (attachment.kind === 'voice') {
    return (
      <div className="flex flex-col gap-1" data-attachment-voice>
        <audio
          controls
          preload="metadata"
          src={media.src}
          onError={media.onError}
          aria-label={`Voice note, ${describeDuration(attachment.duration_ms)}`}
          className="w-64 max-w-full"
        />
        <p className={`text-sm ${own ? 'text-on-bubble-own-muted' : 'text-muted'}`}>
          Voice note · {formatDuration(attachment.duration_ms)}
        </p>
      </div>
    );
  }
  return (
    <div
      data-attachment-file
      className={`flex items-center gap-3 rounded-xl border px-3 py-2 ${own ? 'border-on-bubble-own/40 bg-on-bubble-own/10' : 'border-control bg-raised'}`}
    >
      <span aria-hidden="true" className="text-2xl">
        📄
      </span>
      <div className="flex min-w-0 flex-col">
        <span className="truncate font-semibold">{attachment.name}</span>
        <span className={`text-sm ${own ? 'text-on-bubble-own-muted' : 'text-muted'}`}>
          PDF · {formatBytes(attachment.size_bytes)}
        </span>
      </div>
      <a
        href={attachment.url}
        download={attachment.name}
        className={`ml-auto inline-flex min-h-11 items-center rounded-lg px-3 font-semibold underline ${own ? 'text-on-bubble-own' : 'text-primary-strong'}`}
      >
        Download<span className="sr-only"> {attachment.name}</span>
      </a>
    </div>
  );
}
