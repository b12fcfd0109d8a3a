import type { MuteBody } from '@kindred/protocol';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { EllipsisIcon } from '../../components/ui/icons';
import { Popover } from '../conversations/Popover';

export type MenuAction = 'unmute' | 'archive' | 'unarchive' | 'report';
export type ConfirmAction = 'mute' | 'clear' | 'block';

const itemClasses = 'min-h-11 rounded-lg px-4 text-left font-semibold hover:bg-surface';
const dangerItemClasses =
  'min-h-11 rounded-lg px-4 text-left font-semibold text-danger-text hover:bg-danger-soft';

const muteChoices: { duration: MuteBody['duration']; label: string }[] = [
  { duration: '8h', label: 'For 8 hours' },
  { duration: '1w', label: 'For a week' },
  { duration: 'always', label: 'Until I turn it back on' },
];

/**
 * The conversation's "⋯" menu (seed 002: mute, clear, block; seed 004: archive, report). Items
 * that need a decision open a dialog; the rest act at once.
 */
export function ConversationMenu({
  pseudonym,
  muted,
  archived,
  blocked,
  onAction,
  onConfirm,
}: {
  pseudonym: string;
  muted: boolean;
  archived: boolean;
  /** Blocked by this user: no point blocking again. */
  blocked: boolean;
  onAction: (action: MenuAction) => void;
  onConfirm: (action: ConfirmAction) => void;
}) {
  return (
    <Popover
      label="Conversation options"
      trigger={<EllipsisIcon className="size-5" />}
      align="end"
      panelClassName="flex w-max flex-col"
    >
      {(close) => {
        const act = (action: MenuAction) => () => {
          close();
          onAction(action);
        };
        const confirm = (action: ConfirmAction) => () => {
          close();
          onConfirm(action);
        };
        return (
          <>
            {muted ? (
              <button type="button" className={itemClasses} onClick={act('unmute')}>
                Unmute
              </button>
            ) : (
              <button
                type="button"
                aria-haspopup="dialog"
                className={itemClasses}
                onClick={confirm('mute')}
              >
                Mute…
              </button>
            )}
            <button
              type="button"
              className={itemClasses}
              onClick={act(archived ? 'unarchive' : 'archive')}
            >
              {archived ? 'Unarchive' : 'Archive'}
            </button>
            <button
              type="button"
              aria-haspopup="dialog"
              className={itemClasses}
              onClick={confirm('clear')}
            >
              Clear chat…
            </button>
            <button
              type="button"
              aria-haspopup="dialog"
              className={dangerItemClasses}
              onClick={act('report')}
            >
              Report {pseudonym}…
            </button>
            {!blocked && (
              <button
                type="button"
                aria-haspopup="dialog"
                className={dangerItemClasses}
                onClick={confirm('block')}
              >
                Block {pseudonym}…
              </button>
            )}
          </>
        );
      }}
    </Popover>
  );
}

/** The dialogs behind "Mute…", "Clear chat…" and "Block…". */
export function ConfirmDialogs({
  open,
  pseudonym,
  busy,
  error,
  onClose,
  onMute,
  onClear,
  onBlock,
}: {
  open: ConfirmAction | null;
  pseudonym: string;
  busy: boolean;
  error: string | null;
  onClose: () => void;
  onMute: (duration: MuteBody['duration']) => void;
  onClear: () => void;
  onBlock: () => void;
}) {
  const alert = error && (
    <p role="alert" className="font-medium text-danger-text">
      {error}
    </p>
  );
  const [muteChoice, setMuteChoice] = useState<MuteBody['duration'] | null>(null);
  return (
    <>
      <Dialog open={open === 'mute'} onClose={onClose} title={`Mute ${pseudonym}?`}>
        <p>You won't be notified about new messages in this conversation. They still arrive.</p>
        <div className="flex flex-col gap-2">
          {muteChoices.map(({ duration, label }) => (
            <Button
              key={duration}
              variant="secondary"
              busy={busy && muteChoice === duration}
              disabled={busy}
              onClick={() => {
                setMuteChoice(duration);
                onMute(duration);
              }}
            >
              {label}
            </Button>
          ))}
        </div>
        {alert}
        <div className="flex justify-end">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
        </div>
      </Dialog>
      <Dialog open={open === 'clear'} onClose={onClose} title="Clear this chat?">
        <p>Clears this chat for you only. {pseudonym} still sees every message.</p>
        {alert}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" busy={busy} onClick={onClear}>
            Clear chat
          </Button>
        </div>
      </Dialog>
      <Dialog open={open === 'block'} onClose={onClose} title={`Block ${pseudonym}?`}>
        <p>
          {pseudonym} won't be able to send you messages or message requests, and you won't be
          matched for listening chats. They are not told who blocked them.
        </p>
        {alert}
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" busy={busy} onClick={onBlock}>
            Block
          </Button>
        </div>
      </Dialog>
    </>
  );
}
