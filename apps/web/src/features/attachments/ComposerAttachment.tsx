import type { Attachment } from '@kindred/protocol';
import { useId, useRef } from 'react';
import { Button } from '../../components/ui/Button';
import { UploadProgressBar } from '../../components/ui/UploadProgressBar';
import { CloseIcon, PaperclipIcon } from '../../components/ui/icons';
import { acceptedFileTypes, formatBytes, formatDuration, MAX_FILE_MB } from './attachment-checks';
import type { UploadingFile } from './useAttachmentUpload';

/** The paper-clip button and its file input ("Attach a file"). */
export function AttachFileButton({
  disabled,
  onChoose,
}: {
  disabled: boolean;
  onChoose: (file: File) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  return (
    <>
      <Button
        variant="secondary"
        className="px-3"
        disabled={disabled}
        aria-describedby={hintId}
        onClick={() => input.current?.click()}
      >
        <PaperclipIcon className="size-5" />
        <span className="sr-only">Attach a file</span>
      </Button>
      <span id={hintId} className="sr-only">
        Pictures, PDF or audio, up to {MAX_FILE_MB} MB
      </span>
      <input
        ref={input}
        type="file"
        aria-label="Attach a file"
        accept={acceptedFileTypes}
        className="hidden"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) onChoose(file);
        }}
      />
    </>
  );
}

/** Upload progress, with a way to stop it. */
export function UploadProgress({
  uploading,
  onCancel,
}: {
  uploading: UploadingFile;
  onCancel: () => void;
}) {
  return (
    <div className="flex items-center gap-3 px-1" data-upload-progress>
      <span className="max-w-48 truncate text-sm text-muted">Uploading {uploading.name}</span>
      <UploadProgressBar file={uploading} className="max-w-56" />
      <span className="w-12 text-sm text-muted">{uploading.percent}%</span>
      <Button variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}

/** The uploaded file waiting to be sent with the next message; × takes it off. */
export function PendingAttachment({
  attachment,
  onRemove,
}: {
  attachment: Attachment;
  onRemove: () => void;
}) {
  const what =
    attachment.kind === 'voice'
      ? `Voice note, ${formatDuration(attachment.duration_ms)}`
      : `${attachment.name}, ${formatBytes(attachment.size_bytes)}`;
  return (
    <div className="flex items-center gap-2 px-1" data-pending-attachment>
      <span className="flex min-w-0 items-center gap-2 rounded-full border border-line bg-surface px-3 py-1 text-sm text-ink">
        <span aria-hidden="true">
          {attachment.kind === 'image' ? '🖼️' : attachment.kind === 'voice' ? '🎙️' : '📄'}
        </span>
        <span className="truncate">{what}</span>
      </span>
      <span className="text-sm text-muted">Add a caption if you like, then Send.</span>
      <button
        type="button"
        onClick={onRemove}
        aria-label={`Remove ${attachment.name}`}
        className="inline-flex size-11 items-center justify-center rounded-full text-muted hover:bg-surface"
      >
        <CloseIcon className="size-5" />
      </button>
    </div>
  );
}
