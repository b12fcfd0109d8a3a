/** Runs `handler` on each of `events` (a target and an event name); returns what stops it. */
export function listen(handler: () => void, ...events: [EventTarget, string][]): () => void {
  for (const [target, type] of events) target.addEventListener(type, handler);
  return () => {
    for (const [target, type] of events) target.removeEventListener(type, handler);
  };
}
