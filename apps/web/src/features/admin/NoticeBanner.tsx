import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/Button';
import { WarningIcon } from '../../components/ui/icons';
import { showToast } from '../../components/ui/toast-store';
import { errorMessage } from '../../lib/api-error';
import { useMe } from '../identity/me-query';
import { acknowledgeNotice, noticesQueryOptions } from './notices';

/** Unacknowledged warnings from the team, each until the user says "I understand". */
export function NoticeBanner() {
  const { data: me } = useMe();
  const notices = useQuery({ ...noticesQueryOptions, enabled: Boolean(me) });
  const [busy, setBusy] = useState<string | null>(null);
  const list = me ? (notices.data ?? []) : [];

  async function acknowledge(id: string) {
    setBusy(id);
    try {
      await acknowledgeNotice(id);
    } catch (error) {
      showToast(errorMessage(error), 'error');
    } finally {
      setBusy(null);
    }
  }

  // Arrivals over the socket are announced by a toast (see notices.ts); this is the lasting copy.
  if (list.length === 0) return null;
  return (
    <div className="mb-6 flex flex-col gap-3">
      {list.map((notice) => (
        <section
          key={notice.id}
          aria-label={
            notice.kind === 'warning'
              ? 'Warning from the Kindred team'
              : 'Notice from the Kindred team'
          }
          className="flex flex-col gap-3 rounded-xl border-2 border-warning bg-warning-soft p-4 text-warning-text sm:flex-row sm:items-start sm:justify-between"
        >
          <div className="flex items-start gap-3">
            <WarningIcon className="mt-1 size-5 shrink-0" />
            <div>
              <h2 className="text-lg text-warning-text">
                {notice.kind === 'warning'
                  ? 'A warning from the Kindred team'
                  : 'A notice from the Kindred team'}
              </h2>
              <p className="whitespace-pre-wrap text-ink">{notice.message}</p>
            </div>
          </div>
          <Button
            variant="secondary"
            className="shrink-0"
            busy={busy === notice.id}
            onClick={() => void acknowledge(notice.id)}
          >
            I understand
          </Button>
        </section>
      ))}
    </div>
  );
}
