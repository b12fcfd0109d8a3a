import type { Attachment } from '@kindred/protocol';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../lib/api-error';
import { checkFile } from './attachment-checks';
import { uploadAttachment } from './upload';

export interface UploadingFile {
  name: string;
  /** 0–100. */
  percent: number;
}

/**
 * The composer's file: checked, uploaded with progress, then held until the message is sent.
 * `upload` resolves with the stored attachment, or null when it was refused or cancelled (the
 * reason is in `error`).
 */
export function useAttachmentUpload(sessionId: string) {
  const [pending, setPending] = useState<Attachment | null>(null);
  const [uploading, setUploading] = useState<UploadingFile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  // Another conversation, or leaving: an upload in flight is not for it any more.
  useEffect(() => {
    setPending(null);
    setError(null);
    return () => abort.current?.abort();
  }, [sessionId]);

  async function upload(file: File, durationMs?: number): Promise<Attachment | null> {
    const check = checkFile(file);
    if (!check.ok) {
      setError(check.error);
      return null;
    }
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setUploading({ name: file.name, percent: 0 });
    try {
      const attachment = await uploadAttachment(
        sessionId,
        file,
        (fraction) => setUploading({ name: file.name, percent: Math.round(fraction * 100) }),
        { durationMs, signal: controller.signal },
      );
      return attachment;
    } catch (uploadError) {
      if (!controller.signal.aborted) setError(errorMessage(uploadError));
      return null;
    } finally {
      if (abort.current === controller) {
        abort.current = null;
        setUploading(null);
      }
    }
  }

  return {
    pending,
    uploading,
    error,
    setError,
    /** Uploads a chosen file and keeps it for the next message. */
    async choose(file: File) {
      const attachment = await upload(file);
      if (attachment) setPending(attachment);
    },
    upload,
    clear: () => setPending(null),
    /** Puts a file back (its message was refused and the caption returned to the input). */
    restore: (attachment: Attachment) => setPending(attachment),
    cancel: () => {
      abort.current?.abort();
      abort.current = null;
      setUploading(null);
    },
  };
}
