import { useCallback, useEffect, useRef, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { useMediaSrc } from '../attachments/use-media-src';
import { useSessionStore } from '../identity/session-store';
import {
  formatClock,
  positionKey,
  type PositionStorage,
  readPosition,
  writePosition,
} from './playback-position';

/** The place is written at most this often while playing (and always on pause and seek). */
const SAVE_EVERY_SECONDS = 3;
const SKIP_SECONDS = 15;

function browserStorage(): PositionStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * An audio or video resource with the browser's own controls (keyboard and screen-reader
 * friendly), skip buttons, and memory: it remembers where this person stopped, in this browser,
 * and picks up there next time.
 */
export function MediaPlayer({
  kind,
  src,
  resourceId,
  title,
}: {
  kind: 'audio' | 'video';
  src: string;
  resourceId: string;
  title: string;
}) {
  const userId = useSessionStore((state) => state.user?.id ?? 'anonymous');
  const media = useMediaSrc(src);
  const ref = useRef<HTMLMediaElement | null>(null);
  const lastSaved = useRef(0);
  const [resumedAt, setResumedAt] = useState<number | null>(null);
  const key = positionKey(userId, resourceId);

  const duration = () => {
    const value = ref.current?.duration;
    return value !== undefined && Number.isFinite(value) ? value : null;
  };

  const save = useCallback(() => {
    const element = ref.current;
    const storage = browserStorage();
    if (!element || !storage || element.readyState === 0) return;
    lastSaved.current = element.currentTime;
    const total = Number.isFinite(element.duration) ? element.duration : null;
    writePosition(storage, key, element.currentTime, total);
  }, [key]);

  // Leaving the page (or the tab closing) keeps the place too.
  useEffect(() => {
    window.addEventListener('pagehide', save);
    return () => {
      window.removeEventListener('pagehide', save);
      save();
    };
  }, [save]);

  function onLoadedMetadata() {
    const element = ref.current;
    const storage = browserStorage();
    if (!element || !storage || element.currentTime > 0) return;
    const position = readPosition(storage, key, duration());
    if (position === null) return;
    element.currentTime = position;
    lastSaved.current = position;
    setResumedAt(position);
  }

  function onTimeUpdate() {
    const element = ref.current;
    if (element && Math.abs(element.currentTime - lastSaved.current) >= SAVE_EVERY_SECONDS) save();
  }

  function skip(seconds: number) {
    const element = ref.current;
    if (!element) return;
    const end = duration() ?? Number.POSITIVE_INFINITY;
    element.currentTime = Math.min(Math.max(0, element.currentTime + seconds), end);
  }

  function startOver() {
    const element = ref.current;
    if (!element) return;
    element.currentTime = 0;
    const storage = browserStorage();
    if (storage) writePosition(storage, key, 0, duration());
    setResumedAt(null);
  }

  const common = {
    src: media.src,
    controls: true,
    preload: 'metadata' as const,
    onError: media.onError,
    onLoadedMetadata,
    onTimeUpdate,
    onPause: save,
    onSeeked: save,
    onEnded: save,
    'aria-label': `${kind === 'audio' ? 'Audio' : 'Video'}: ${title}`,
  };

  return (
    <div className="flex flex-col gap-3" data-media-player={kind}>
      {kind === 'audio' ? (
        <audio ref={(node) => void (ref.current = node)} {...common} className="w-full" />
      ) : (
        <video
          ref={(node) => void (ref.current = node)}
          {...common}
          playsInline
          className="aspect-video w-full rounded-xl bg-surface"
        />
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" onClick={() => skip(-SKIP_SECONDS)}>
          <span aria-hidden="true">↺</span> Back {SKIP_SECONDS} seconds
        </Button>
        <Button variant="secondary" onClick={() => skip(SKIP_SECONDS)}>
          Forward {SKIP_SECONDS} seconds <span aria-hidden="true">↻</span>
        </Button>
      </div>
      <div role="status" className="text-muted">
        {resumedAt !== null && (
          <p className="flex flex-wrap items-center gap-x-3">
            <span>Picking up where you left off, at {formatClock(resumedAt)}.</span>
            <Button variant="ghost" className="px-2" onClick={startOver}>
              Start from the beginning
            </Button>
          </p>
        )}
      </div>
    </div>
  );
}
