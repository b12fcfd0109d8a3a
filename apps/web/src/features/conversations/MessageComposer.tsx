import { type ErrorCode, MESSAGE_MAX_CHARS } from '@kindred/protocol';
import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { Button } from '../../components/ui/Button';
import {
  AttachFileButton,
  PendingAttachment,
  UploadProgress,
} from '../attachments/ComposerAttachment';
import { useAttachmentUpload } from '../attachments/useAttachmentUpload';
import { VoiceRecorder } from '../attachments/VoiceRecorder';
import { ShareResourceButton } from '../resources/ShareResourceButton';
import { notifyTyping, removeOutboxEntry, sendMessage, shareResource } from './chat-actions';
import { useChatStore } from './chat-store';
import type { SharedResourceRef } from './outbox';

/** Failures the sender can fix by rewording: the text goes back into the input. */
const fixableCodes: ReadonlySet<string> = new Set<ErrorCode>([
  'MESSAGE_BLOCKED',
  'VALIDATION_ERROR',
]);

/**
 * The message input (the listening contract's "Message Input"): a textarea with a live n/2000
 * counter; Enter sends, Shift+Enter starts a new line. Sending clears the input at once: the
 * message is in the outbox and shows in the list as "Sending…".
 */
export function MessageComposer({
  sessionId,
  text,
  onTextChange,
  disabled,
  textareaRef,
}: {
  sessionId: string;
  text: string;
  onTextChange: (text: string) => void;
  disabled: boolean;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  // The voice recorder takes the whole row while it records.
  const [recording, setRecording] = useState(false);
  // Files and voice notes: not in listening chats, which stay text only.
  const kind = useChatStore((store) => store.conversations[sessionId]?.conversation?.kind);
  const attachmentsAllowed = kind !== undefined && kind !== 'listening';
  // Library resources can be shared into every chat between people; support stays plain.
  const resourcesAllowed = kind !== undefined && kind !== 'support';
  const files = useAttachmentUpload(sessionId);
  const busy = disabled || files.uploading !== null;
  // The latest text, for deciding after an ack whether the input is still free.
  const latest = useRef(text);
  useEffect(() => {
    latest.current = text;
  }, [text]);

  const length = text.length;
  const tooLong = length > MESSAGE_MAX_CHARS;
  const empty = text.trim() === '' && !files.pending;

  function submit() {
    if (busy || empty || tooLong) return;
    const attachment = files.pending ?? undefined;
    const result = sendMessage(sessionId, text, attachment);
    if (!result.queued) {
      setError(result.error);
      return;
    }
    const sent = text;
    onTextChange('');
    files.clear();
    setError(null);
    void result.firstAttempt.then((outcome) => {
      if (!outcome || outcome.ok || !fixableCodes.has(outcome.code)) return;
      setError(outcome.error);
      // Moderation refused it: nothing was stored. Give the words back so they can be changed,
      // unless the person has already started writing something else.
      if (latest.current.trim() === '') {
        removeOutboxEntry(result.clientMsgId);
        onTextChange(sent);
        if (attachment) files.restore(attachment);
        textareaRef.current?.focus();
      }
    });
  }

  /** A resource from the picker goes out at once, as a card of its own. */
  function share(resource: SharedResourceRef) {
    const result = shareResource(sessionId, resource);
    if (!result.queued) {
      setError(result.error);
      return;
    }
    setError(null);
    void result.firstAttempt.then((outcome) => {
      if (outcome && !outcome.ok && fixableCodes.has(outcome.code)) setError(outcome.error);
    });
  }

  /** A finished recording is uploaded and sent at once, as its own message. */
  async function sendVoiceNote(file: File, durationMs: number) {
    const attachment = await files.upload(file, durationMs);
    if (!attachment) return;
    const result = sendMessage(sessionId, '', attachment);
    if (!result.queued) files.setError(result.error);
  }

  const shownError = error ?? files.error;
  const describedBy = [`${id}-count`, shownError || tooLong ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');

  // The counter shows once it matters; screen readers always have it.
  const countVisible = length > MESSAGE_MAX_CHARS * 0.8;

  return (
    <form
      className="flex shrink-0 flex-col gap-1 border-t border-line bg-raised p-2 pb-[max(0.5rem,env(safe-area-inset-bottom))] sm:p-3"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={id} className="sr-only">
        Write a message
      </label>
      {files.uploading && <UploadProgress uploading={files.uploading} onCancel={files.cancel} />}
      {files.pending && <PendingAttachment attachment={files.pending} onRemove={files.clear} />}
      <div className="flex items-end gap-1.5 sm:gap-2">
        {resourcesAllowed && !recording && <ShareResourceButton disabled={busy} onShare={share} />}
        {attachmentsAllowed && !recording && (
          <AttachFileButton
            disabled={busy}
            onChoose={(file) => {
              setError(null);
              void files.choose(file);
            }}
          />
        )}
        <textarea
          hidden={recording}
          id={id}
          ref={textareaRef}
          value={text}
          rows={1}
          disabled={disabled}
          placeholder={disabled ? 'This chat has ended' : 'Type your message…'}
          aria-invalid={tooLong || shownError ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => {
            onTextChange(event.target.value);
            if (error) setError(null);
            if (files.error) files.setError(null);
            if (event.target.value.trim() !== '') notifyTyping(sessionId);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              submit();
            }
          }}
          className="field-sizing-content max-h-40 min-h-11 min-w-0 flex-1 resize-none rounded-lg border border-control bg-raised px-3 py-2 text-base text-ink placeholder:text-muted disabled:bg-surface aria-[invalid=true]:border-2 aria-[invalid=true]:border-danger"
        />
        {attachmentsAllowed && (
          <VoiceRecorder
            disabled={busy}
            onRecorded={(file, durationMs) => void sendVoiceNote(file, durationMs)}
            onError={files.setError}
            onActiveChange={setRecording}
          />
        )}
        {!recording && (
          <Button type="submit" className="px-3 sm:px-4" disabled={busy || empty || tooLong}>
            Send
          </Button>
        )}
      </div>
      <div className="flex flex-wrap items-start justify-between gap-x-4 px-1 text-sm">
        <p id={`${id}-error`} role="alert" className="font-medium text-danger-text">
          {shownError ??
            (tooLong ? `Messages can be at most ${MESSAGE_MAX_CHARS} characters.` : null)}
        </p>
        <p
          id={`${id}-count`}
          className={`ml-auto ${countVisible ? '' : 'sr-only'} ${tooLong ? 'font-semibold text-danger-text' : 'text-muted'}`}
        >
          <span className="sr-only">Characters used: </span>
          {length}/{MESSAGE_MAX_CHARS}
        </p>
      </div>
    </form>
  );
}
