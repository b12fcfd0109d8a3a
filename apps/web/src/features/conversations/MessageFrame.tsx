import type { ReactNode, RefObject } from 'react';
import { formatTime } from './format';

export type DeliveryMark = 'sending' | 'sent' | 'read' | 'failed';

const markText: Record<DeliveryMark, string> = {
  sending: 'Sending…',
  sent: 'Sent',
  read: 'Read',
  failed: 'Not sent',
};

/** One message's frame: pseudonym above, bubble, then time, marks and actions below. */
export function MessageFrame({
  own,
  pseudonym,
  time,
  mark,
  bubble,
  actions,
  actionsRef,
  below,
}: {
  own: boolean;
  pseudonym: string;
  time: string | null;
  mark?: DeliveryMark;
  bubble: ReactNode;
  actions?: ReactNode;
  actionsRef?: RefObject<HTMLDivElement | null>;
  below?: ReactNode;
}) {
  return (
    <li className={`flex flex-col gap-0.5 ${own ? 'items-end' : 'items-start'}`}>
      <div className={`flex max-w-[85%] flex-col gap-0.5 sm:max-w-[75%] ${own ? 'items-end' : ''}`}>
        <p className="px-1 text-sm font-semibold text-muted">{pseudonym}</p>
        {bubble}
        <div className={`flex flex-wrap items-center gap-x-2 ${own ? 'flex-row-reverse' : ''}`}>
          <p className="flex items-center gap-2 px-1 text-sm text-muted">
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
                {markText[mark]}
              </span>
            )}
          </p>
          {actions && (
            <div ref={actionsRef} className="flex items-center">
              {actions}
            </div>
          )}
        </div>
        {below}
      </div>
    </li>
  );
}

export const bubbleClasses = (own: boolean) =>
  `whitespace-pre-wrap break-words rounded-2xl px-4 py-2 ${
    own ? 'rounded-br-sm bg-primary-strong text-white' : 'rounded-bl-sm bg-line text-ink'
  }`;
