import type { MuteBody } from '@kindred/protocol';
import { useState, type ReactNode } from 'react';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog, Dialog, DialogEndButton, DialogError } from '../../components/ui/Dialog';
import { OptionsMenu } from '../conversations/Popover';

export type MenuAction = 'unmute' | 'archive' | 'unarchive' | 'report';
export type ConfirmAction = 'mute' | 'clear' | 'block';

const itemClasses = 'min-h-11 rounded-lg px-4 text-left font-semibold hover:bg-surface';
const dangerItemClasses =
  'min-h-11 rounded-lg px-4 text-left font-semibold text-danger-text hover:bg-danger-soft';

function MenuItem({
  opensDialog = false,
  danger = false,
  onClick,
  children,
}: {
  /** The item opens a dialog (the name then ends in "…"). */
  opensDialog?: boolean;
  danger?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-haspopup={opensDialog ? 'dialog' : undefined}
      className={danger ? dangerItemClasses : itemClasses}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

const muteChoices: { duration: MuteBody['duration']; label: string }[] = [
  { duration: '8h', label: 'For 8 hours' },
  { duration: '1w', label: 'For a week' },
  { duration: 'always', label: 'Until I turn it back on' },
];

/**
 * The conversation's "⋯" menu (the user-chat contract: mute, clear, block; the direct-messaging
 * contract: archive, report). Items that need a decision open a dialog; the rest act at once.
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
    <OptionsMenu label="Conversation options" align="end" panelClassName="flex w-max flex-col">
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
              <MenuItem onClick={act('unmute')}>Unmute</MenuItem>
            ) : (
              <MenuItem opensDialog onClick={confirm('mute')}>
                Mute…
              </MenuItem>
            )}
            <MenuItem onClick={act(archived ? 'unarchive' : 'archive')}>
              {archived ? 'Unarchive' : 'Archive'}
            </MenuItem>
            <MenuItem opensDialog onClick={confirm('clear')}>
              Clear chat…
            </MenuItem>
            <MenuItem opensDialog danger onClick={act('report')}>
              Report {pseudonym}…
            </MenuItem>
            {!blocked && (
              <MenuItem opensDialog danger onClick={confirm('block')}>
                Block {pseudonym}…
              </MenuItem>
            )}
          </>
        );
      }}
    </OptionsMenu>
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
        <DialogError error={error} />
        <DialogEndButton variant="ghost" onClick={onClose}>
          Cancel
        </DialogEndButton>
      </Dialog>
      <ConfirmDialog
        open={open === 'clear'}
        onClose={onClose}
        title="Clear this chat?"
        error={error}
        confirm={{ label: 'Clear chat', busy, onClick: onClear }}
      >
        <p>Clears this chat for you only. {pseudonym} still sees every message.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={open === 'block'}
        onClose={onClose}
        title={`Block ${pseudonym}?`}
        error={error}
        confirm={{ label: 'Block', busy, onClick: onBlock }}
      >
        <p>
          {pseudonym} won't be able to send you messages or message requests, and you won't be
          matched for listening chats. They are not told who blocked them.
        </p>
      </ConfirmDialog>
    </>
  );
}
