import {
  useEffect,
  useRef,
  type MouseEvent as ReactMouseEvent,
  type PointerEvent as ReactPointerEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { create } from 'zustand';
import { formatTime } from './format';

export type DeliveryMark = 'sending' | 'sent' | 'read' | 'failed';

const markText: Record<DeliveryMark, string> = {
  sending: 'Sending…',
  sent: 'Sent',
  read: 'Read',
  failed: 'Not sent',
};

/** How long a finger rests on a message before its actions show (as in messaging apps). */
const LONG_PRESS_MS = 450;
/** A finger that moves further than this is scrolling, not pressing. */
const PRESS_SLOP_PX = 10;

/** The one message whose actions a long press opened (touch screens), if any. */
const useOpenActions = create<{ key: string | null }>()(() => ({ key: null }));

/** Where a message sits in a run of messages from the same person. */
export interface GroupPosition {
  /** The first of the run: the sender's name shows above it (others' messages only). */
  first: boolean;
  /** The last of the run: its time and delivery mark show under it. */
  last: boolean;
}

/**
 * A long press on a touch screen opens the message's actions (and closes any other message's);
 * a tap elsewhere closes them. Returns the props for the message's element.
 */
function useLongPress(key: string, enabled: boolean) {
  const open = useOpenActions((state) => state.key === key);
  const timer = useRef<number | null>(null);
  const start = useRef<{ x: number; y: number } | null>(null);
  const element = useRef<HTMLLIElement>(null);

  const cancel = () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    start.current = null;
  };

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!element.current?.contains(event.target as Node)) useOpenActions.setState({ key: null });
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);
  useEffect(() => cancel, []);

  const props = enabled
    ? {
        onPointerDown: (event: ReactPointerEvent) => {
          if (event.pointerType === 'mouse') return;
          start.current = { x: event.clientX, y: event.clientY };
          timer.current = window.setTimeout(() => {
            timer.current = null;
            useOpenActions.setState({ key });
          }, LONG_PRESS_MS);
        },
        onPointerMove: (event: ReactPointerEvent) => {
          const from = start.current;
          if (from && Math.hypot(event.clientX - from.x, event.clientY - from.y) > PRESS_SLOP_PX) {
            cancel();
          }
        },
        onPointerUp: cancel,
        onPointerCancel: cancel,
        // Android opens the context menu on a long press: the actions take its place.
        onContextMenu: (event: ReactMouseEvent) => {
          if (!window.matchMedia('(hover: hover) and (pointer: fine)').matches) {
            event.preventDefault();
            cancel();
            useOpenActions.setState({ key });
          }
        },
      }
    : {};
  return { open, element, props };
}

/**
 * One message: the sender's name above the first of a run (never above one's own), the bubble,
 * the time and delivery mark under the last of a run (for screen readers under every one), and
 * the actions: beside the bubble on hover or focus with a mouse, after a long press on a touch
 * screen.
 */
export function MessageFrame({
  messageKey,
  own,
  pseudonym,
  time,
  mark,
  group = { first: true, last: true },
  bubble,
  actions,
  actionsRef,
  below,
}: {
  /** Stable per message: which one's actions a long press opened. */
  messageKey: string;
  own: boolean;
  pseudonym: string;
  time: string | null;
  mark?: DeliveryMark;
  group?: GroupPosition;
  bubble: ReactNode;
  actions?: ReactNode;
  actionsRef?: RefObject<HTMLDivElement | null>;
  below?: ReactNode;
}) {
  const press = useLongPress(messageKey, Boolean(actions));
  // A message that is not sent yet (or failed) always says so.
  const metaVisible = group.last || mark === 'failed' || mark === 'sending';
  return (
    <li
      ref={press.element}
      data-actions-open={press.open || undefined}
      className={`group/message flex flex-col ${own ? 'items-end' : 'items-start'} ${
        group.first ? 'mt-3 first:mt-0' : 'mt-0.5'
      }`}
      {...press.props}
    >
      {own ? (
        <p className="sr-only">You:</p>
      ) : (
        <p className={group.first ? 'px-1 text-sm font-semibold text-muted' : 'sr-only'}>
          {pseudonym}
        </p>
      )}
      <div
        className={`relative flex max-w-[85%] flex-col sm:max-w-[75%] ${own ? 'items-end' : 'items-start'}`}
      >
        {bubble}
        <p
          className={
            metaVisible ? 'flex items-center gap-1.5 px-1 pt-0.5 text-sm text-muted' : 'sr-only'
          }
        >
          {time && <time dateTime={time}>{formatTime(time)}</time>}
          {mark && (
            <span
              className={
                mark === 'failed'
                  ? 'font-semibold text-danger-text'
                  : mark === 'read'
                    ? 'font-semibold text-primary-strong'
                    : ''
              }
            >
              <span aria-hidden="true">· </span>
              {markText[mark]}
            </span>
          )}
        </p>
        {actions && (
          <div
            ref={actionsRef}
            data-message-actions
            className={`flex items-center gap-0.5 rounded-xl bg-raised can-hover:absolute can-hover:top-0 can-hover:z-10 can-hover:focus-within:z-30 can-hover:opacity-0 can-hover:shadow-sm can-hover:group-focus-within/message:opacity-100 can-hover:group-hover/message:opacity-100 touch:sr-only touch:group-focus-within/message:not-sr-only touch:group-data-[actions-open]/message:not-sr-only ${
              own ? 'can-hover:right-full can-hover:mr-1' : 'can-hover:left-full can-hover:ml-1'
            }`}
          >
            {actions}
          </div>
        )}
      </div>
      {below}
    </li>
  );
}

export const bubbleClasses = (own: boolean) =>
  `whitespace-pre-wrap break-words rounded-2xl px-4 py-2 ${
    own
      ? 'rounded-br-sm bg-bubble-own text-on-bubble-own'
      : 'rounded-bl-sm bg-bubble-other text-ink'
  }`;
