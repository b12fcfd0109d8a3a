import { limits } from '@kindred/protocol';
import { useEffect, useRef, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { MicrophoneIcon } from '../../components/ui/icons';
import { formatDuration, recorderMimeType, recordingFileName } from './attachment-checks';

const MAX_MS = limits.voiceNoteMaxSeconds * 1000;

type State = 'idle' | 'starting' | 'recording' | 'full';

/** Why recording could not start, in words a person can act on. */
function microphoneProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return "Kindred can't use your microphone. To record a voice note, allow microphone access for this site in your browser's settings, then try again.";
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return 'No microphone was found. Connect one and try again.';
  }
  if (name === 'NotReadableError') {
    return 'Your microphone is being used by another app. Close it and try again.';
  }
  return "Your browser can't record voice notes here.";
}

/**
 * "Record a voice note": records with MediaRecorder (WebM or Ogg), shows a live timer, stops by
 * itself at 2:00, and hands the recording over on Send; Cancel throws it away.
 */
export function VoiceRecorder({
  disabled,
  onRecorded,
  onError,
  onActiveChange,
}: {
  disabled: boolean;
  onRecorded: (file: File, durationMs: number) => void;
  onError: (message: string | null) => void;
  /** Recording (or stopped at the limit, not sent yet): the composer gives it the whole row. */
  onActiveChange?: (active: boolean) => void;
}) {
  const [state, setState] = useState<State>('idle');
  const active = state === 'recording' || state === 'full';
  const onActiveChangeRef = useRef(onActiveChange);
  useEffect(() => {
    onActiveChangeRef.current = onActiveChange;
  });
  useEffect(() => onActiveChangeRef.current?.(active), [active]);
  const [elapsed, setElapsed] = useState(0);
  const recorder = useRef<MediaRecorder | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const chunks = useRef<Blob[]>([]);
  const startedAt = useRef(0);
  const stopped = useRef<Promise<void> | null>(null);
  const timer = useRef<number | null>(null);
  const duration = useRef(0);

  function release() {
    if (timer.current !== null) window.clearInterval(timer.current);
    timer.current = null;
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
  }

  // Leaving the chat mid-recording turns the microphone off.
  useEffect(
    () => () => {
      if (recorder.current?.state === 'recording') recorder.current.stop();
      release();
    },
    [],
  );

  /** Stops recording (once) and resolves when the last data has arrived. */
  function stop(): Promise<void> {
    const active = recorder.current;
    if (!active) return Promise.resolve();
    if (!stopped.current) {
      duration.current = Math.min(MAX_MS, performance.now() - startedAt.current);
      stopped.current = new Promise((resolve) => {
        active.addEventListener('stop', () => resolve(), { once: true });
      });
      if (active.state !== 'inactive') active.stop();
      release();
    }
    return stopped.current;
  }

  async function start() {
    onError(null);
    if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
      onError("Your browser can't record voice notes here.");
      return;
    }
    setState('starting');
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      setState('idle');
      onError(microphoneProblem(error));
      return;
    }
    const mimeType = recorderMimeType((type) => MediaRecorder.isTypeSupported(type));
    const next = new MediaRecorder(stream.current, mimeType ? { mimeType } : undefined);
    chunks.current = [];
    stopped.current = null;
    next.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) chunks.current.push(event.data);
    });
    recorder.current = next;
    next.start(250);
    startedAt.current = performance.now();
    setElapsed(0);
    setState('recording');
    timer.current = window.setInterval(() => {
      const ms = performance.now() - startedAt.current;
      setElapsed(Math.min(ms, MAX_MS));
      if (ms >= MAX_MS) {
        void stop();
        setState('full');
      }
    }, 200);
  }

  async function send() {
    await stop();
    const active = recorder.current;
    recorder.current = null;
    setState('idle');
    const type = (active?.mimeType || 'audio/webm').split(';')[0]!;
    const blob = new Blob(chunks.current, { type });
    chunks.current = [];
    if (blob.size === 0) {
      onError('Nothing was recorded. Check your microphone and try again.');
      return;
    }
    onRecorded(new File([blob], recordingFileName(type), { type }), duration.current);
  }

  async function cancel() {
    await stop();
    recorder.current = null;
    chunks.current = [];
    setState('idle');
  }

  if (state === 'idle' || state === 'starting') {
    return (
      <Button
        variant="secondary"
        className="px-3"
        disabled={disabled}
        busy={state === 'starting'}
        onClick={() => void start()}
      >
        <MicrophoneIcon className="size-5" />
        <span className="sr-only">Record a voice note</span>
      </Button>
    );
  }

  return (
    <div
      role="group"
      aria-label="Voice note recorder"
      className="flex min-w-0 flex-1 flex-wrap items-center gap-2 rounded-lg border border-line bg-surface py-1 pr-1 pl-3"
    >
      <span className="mr-auto flex items-center gap-2 font-semibold text-ink">
        {state === 'recording' && (
          <span aria-hidden="true" className="size-3 animate-pulse rounded-full bg-danger" />
        )}
        <span className={state === 'recording' ? 'sr-only sm:not-sr-only' : ''}>
          {state === 'recording' ? 'Recording' : 'Stopped at 2:00'}
        </span>
        <span role="timer" className="tabular-nums" aria-label="Recorded so far">
          {formatDuration(Math.floor(elapsed / 1000) * 1000)} / {formatDuration(MAX_MS)}
        </span>
      </span>
      <Button variant="secondary" className="px-3" onClick={() => void cancel()}>
        Cancel
      </Button>
      <Button className="px-3" onClick={() => void send()}>
        Send<span className="max-sm:sr-only"> voice note</span>
      </Button>
    </div>
  );
}
