import { avatarMimeTypes, avatarResponseSchema, limits } from '@kindred/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Avatar } from '../../components/ui/Avatar';
import { Button } from '../../components/ui/Button';
import { showToast } from '../../components/ui/toast-store';
import { apiUpload } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { meQueryKey } from './me-query';

const maxMegabytes = limits.avatarMaxBytes / (1024 * 1024);

/** Checks type and size before upload; the server sniffs the content and has the last word. */
function problemWith(file: File): string | null {
  if (!(avatarMimeTypes as readonly string[]).includes(file.type)) {
    return 'Please choose a JPEG, PNG or GIF image.';
  }
  if (file.size > limits.avatarMaxBytes) {
    const size = (file.size / (1024 * 1024)).toFixed(1);
    return `That image is ${size} MB. Please choose one of ${maxMegabytes} MB or less.`;
  }
  return null;
}

/** Current picture (or initials), a file picker, a preview and an upload with real progress. */
export function AvatarUpload({
  pseudonym,
  pictureUrl,
}: {
  pseudonym: string;
  pictureUrl: string | null;
}) {
  const queryClient = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!previewUrl) return;
    return () => URL.revokeObjectURL(previewUrl);
  }, [previewUrl]);

  function choose(chosen: File | undefined) {
    if (!chosen) return;
    const problem = problemWith(chosen);
    setError(problem);
    setFile(problem ? null : chosen);
    setPreviewUrl(problem ? null : URL.createObjectURL(chosen));
  }

  function cancel() {
    setFile(null);
    setPreviewUrl(null);
    setError(null);
  }

  async function upload() {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      await apiUpload('/users/me/avatar', file, avatarResponseSchema, (fraction) =>
        setProgress(Math.round(fraction * 100)),
      );
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
      cancel();
      showToast('Profile picture updated');
    } catch (uploadError) {
      setError(errorMessage(uploadError));
    } finally {
      setProgress(null);
    }
  }

  const uploading = progress !== null;

  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:gap-6">
      {previewUrl ? (
        <img
          src={previewUrl}
          alt="Preview of your new profile picture"
          className="size-24 shrink-0 rounded-full object-cover ring-2 ring-primary"
        />
      ) : (
        <Avatar
          url={pictureUrl}
          pseudonym={pseudonym}
          alt={pictureUrl ? 'Your profile picture' : 'No profile picture yet'}
          className="size-24 text-2xl"
        />
      )}
      <div className="flex flex-col gap-2">
        <p className="font-semibold text-ink">Profile picture</p>
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            onClick={() => inputRef.current?.click()}
            disabled={uploading}
          >
            Change picture
          </Button>
          {file && (
            <>
              <Button onClick={() => void upload()} busy={uploading}>
                Upload
              </Button>
              <Button variant="ghost" onClick={cancel} disabled={uploading}>
                Cancel
              </Button>
            </>
          )}
        </div>
        <input
          ref={inputRef}
          type="file"
          accept={avatarMimeTypes.join(',')}
          hidden
          data-testid="avatar-file-input"
          onChange={(event) => {
            choose(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
        <p className="text-sm text-muted">
          {file ? `Selected: ${file.name}. ` : ''}JPEG, PNG or GIF, up to {maxMegabytes} MB.
        </p>
        {uploading && (
          <div className="flex items-center gap-3">
            <progress
              aria-label="Upload progress"
              max={100}
              value={progress}
              className="h-3 w-full max-w-56 flex-1 overflow-hidden rounded-full accent-primary-strong [&::-moz-progress-bar]:bg-primary-strong [&::-webkit-progress-bar]:bg-line [&::-webkit-progress-value]:bg-primary-strong"
            />
            <span className="w-12 text-sm text-muted">{progress}%</span>
          </div>
        )}
        {error && (
          <p role="alert" className="text-sm font-medium text-danger-text">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
