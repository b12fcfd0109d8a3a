import {
  isResourceFileType,
  resourceFileMaxBytes,
  type ResourceFileType,
  resourceMimeTypes,
} from '@kindred/protocol';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { UploadProgressBar } from '../../components/ui/UploadProgressBar';
import { FormAlert } from '../../components/ui/FormAlert';
import { errorMessage } from '../../lib/api-error';
import { formatLength, formatSize } from './format';
import { type Resource, uploadResourceFile } from './resources-api';

/** Extensions offered beside the content types (the server decides by the file's bytes). */
const extensions: Record<ResourceFileType, string[]> = {
  audio: ['.mp3', '.m4a', '.aac', '.ogg', '.opus', '.oga', '.wav', '.weba'],
  video: ['.mp4', '.m4v', '.webm'],
  pdf: ['.pdf'],
};

const typeWords: Record<ResourceFileType, string> = {
  audio: 'MP3, M4A/AAC, Ogg/Opus or WAV',
  video: 'MP4 (H.264) or WebM',
  pdf: 'PDF',
};

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/**
 * The file of an audio, video or PDF resource: choose one and it uploads at once, with a
 * progress bar (and Cancel); what is stored now is shown above.
 */
export function FileUploader({
  resource,
  onUploaded,
}: {
  resource: Resource;
  onUploaded: (resource: Resource) => void;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | null>(null);
  const [uploading, setUploading] = useState<{ name: string; percent: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => () => abort.current?.abort(), []);

  const fileType: ResourceFileType = isResourceFileType(resource.type) ? resource.type : 'pdf';
  const maxBytes = resourceFileMaxBytes[fileType];

  async function upload(file: File) {
    // Too big is refused here at once, rather than after minutes of uploading.
    if (file.size > maxBytes) {
      setDone(null);
      setError(
        `“${file.name}” is ${formatSize(file.size)}; files can be at most ${megabytes(maxBytes)}.`,
      );
      return;
    }
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setDone(null);
    setUploading({ name: file.name, percent: 0 });
    try {
      const updated = await uploadResourceFile(
        resource.id,
        file,
        (fraction) => setUploading({ name: file.name, percent: Math.round(fraction * 100) }),
        controller.signal,
      );
      onUploaded(updated);
      setDone(`${file.name} uploaded.`);
    } catch (failure) {
      if (!controller.signal.aborted) setError(errorMessage(failure));
    } finally {
      if (abort.current === controller) abort.current = null;
      setUploading(null);
    }
  }

  const file = resource.file;
  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3">
      <h2 id={`${id}-title`} className="text-xl">
        File
      </h2>
      {file ? (
        <p data-resource-file>
          Stored: {file.name ? `${file.name}, ` : ''}
          {formatSize(file.size_bytes)}
          {resource.duration_seconds ? `, ${formatLength(resource.duration_seconds)}` : ''}
          {resource.pages ? `, ${resource.pages} pages` : ''}
        </p>
      ) : (
        <p className="text-muted">No file yet.</p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="secondary"
          disabled={uploading !== null}
          aria-describedby={`${id}-hint`}
          onClick={() => input.current?.click()}
        >
          {file ? 'Replace the file' : 'Choose a file'}
        </Button>
        <input
          ref={input}
          type="file"
          aria-label="Upload a file"
          accept={[...resourceMimeTypes[fileType], ...extensions[fileType]].join(',')}
          className="hidden"
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            event.target.value = '';
            if (chosen) void upload(chosen);
          }}
        />
        <span id={`${id}-hint`} className="text-sm text-muted">
          {typeWords[fileType]}, up to {megabytes(maxBytes)}
        </span>
      </div>
      {uploading && (
        <div className="flex flex-wrap items-center gap-3" data-upload-progress>
          <span className="max-w-64 truncate text-sm text-muted">Uploading {uploading.name}</span>
          <UploadProgressBar file={uploading} className="max-w-72" />
          <span className="w-12 text-sm text-muted" aria-hidden="true">
            {uploading.percent}%
          </span>
          <Button variant="ghost" onClick={() => abort.current?.abort()}>
            Cancel upload
          </Button>
        </div>
      )}
      <p role="status" className="text-secondary-strong">
        {done}
      </p>
      <FormAlert message={error} />
    </section>
  );
}
