import { Button } from '../../components/ui/Button';
import { buttonClasses } from '../../components/ui/button-styles';
import { Dialog, DialogButton } from '../../components/ui/Dialog';

export const HELPLINE_FINDER_URL = 'https://findahelpline.com';

/** "Get help now" (on every chat screen): calm crisis resources in a dialog. */
export function GetHelpButton({
  className = '',
  compact = false,
}: {
  className?: string;
  /** On phones the button says just "Help" (its name stays "Get help now"). */
  compact?: boolean;
}) {
  return (
    <DialogButton
      variant="ghost"
      className={className}
      aria-label={compact ? 'Get help now' : undefined}
      dialog={(open, close) => (
        <Dialog open={open} onClose={close} title="Help is available">
          <p>
            If you're in danger or might hurt yourself, please contact someone who can help right
            away. You don't have to go through this alone.
          </p>
          <ul className="flex list-disc flex-col gap-2 pl-5">
            <li>
              <strong>In an emergency,</strong> call your local emergency number (for example 911 in
              the US and Canada, 112 in Europe, 999 in the UK, 000 in Australia).
            </li>
            <li>
              <strong>To talk to a trained crisis counsellor,</strong> find a free, confidential
              helpline in your country.
            </li>
          </ul>
          <a
            href={HELPLINE_FINDER_URL}
            target="_blank"
            rel="noopener noreferrer"
            className={buttonClasses('primary', 'self-start')}
          >
            Find a helpline
            <span className="sr-only"> (opens findahelpline.com in a new tab)</span>
          </a>
          <p className="text-muted">You can end this chat at any time.</p>
          <div className="flex justify-end">
            <Button variant="secondary" onClick={close} autoFocus>
              Close
            </Button>
          </div>
        </Dialog>
      )}
    >
      {compact ? (
        <>
          <span className="sm:hidden">Help</span>
          <span className="hidden sm:inline">Get help now</span>
        </>
      ) : (
        'Get help now'
      )}
    </DialogButton>
  );
}
