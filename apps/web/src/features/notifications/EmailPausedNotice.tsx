import type { NotificationPreferences } from '@kindred/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from '../../components/ui/Button';
import { FormAlert } from '../../components/ui/FormAlert';
import { showToast } from '../../components/ui/toast-store';
import { useAsyncAction } from '../../lib/use-async-action';
import { preferencesQueryKey, updatePreferences } from './notifications-api';

/**
 * E-mail paused because the address refused it for good: say so, and let the person try again
 * (after fixing their mailbox) instead of wondering why nothing arrives.
 */
export function EmailPausedNotice({ preferences }: { preferences: NotificationPreferences }) {
  const queryClient = useQueryClient();
  const action = useAsyncAction();
  if (!preferences.email_paused) return null;

  const resume = () =>
    action.run(async () => {
      const saved = await updatePreferences({ resume_email: true });
      queryClient.setQueryData(preferencesQueryKey, saved);
      showToast('E-mail is on again');
    });

  return (
    <section
      aria-labelledby="email-paused-title"
      className="flex flex-col items-start gap-2 rounded-xl border border-line bg-white p-4 sm:p-6"
    >
      <h2 id="email-paused-title" className="text-2xl">
        E-mail is paused
      </h2>
      <p className="text-muted">
        Your mail provider refused our last e-mail, so we stopped sending any. Notifications still
        reach you here. If your mailbox works again, turn e-mail back on.
      </p>
      {action.error ? <FormAlert message={action.error} /> : null}
      <Button variant="secondary" onClick={() => void resume()} busy={action.busy}>
        Send e-mail again
      </Button>
    </section>
  );
}
