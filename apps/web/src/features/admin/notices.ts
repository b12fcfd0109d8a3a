import {
  accountBannedEventSchema,
  userNoticeSchema,
  userNoticesResponseSchema,
  type UserNotice,
} from '@kindred/protocol';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { showToast } from '../../components/ui/toast-store';
import { apiJson, endBannedSession } from '../../lib/api';
import { queryClient } from '../../lib/query-client';
import type { ChatSocket } from '../../lib/socket';

/** Warnings from the team that the user has not acknowledged yet, and the suspended-account signal. */

export const noticesQueryKey = ['notices'] as const;

export const noticesQueryOptions = queryOptions({
  queryKey: noticesQueryKey,
  queryFn: async ({ signal }) =>
    (await apiJson('GET', '/users/me/notices', userNoticesResponseSchema, { signal })).notices,
  staleTime: 60_000,
});

/** Adds a notice (from the socket) unless it is already shown. */
export function addNotice(notices: readonly UserNotice[] | undefined, notice: UserNotice) {
  const list = notices ?? [];
  return list.some((n) => n.id === notice.id) ? [...list] : [...list, notice];
}

/** POST /users/me/notices/:id/ack, then stop showing it. */
export async function acknowledgeNotice(id: string): Promise<void> {
  await apiJson('POST', `/users/me/notices/${encodeURIComponent(id)}/ack`, z.unknown());
  queryClient.setQueryData(noticesQueryKey, (notices: UserNotice[] | undefined) =>
    (notices ?? []).filter((n) => n.id !== id),
  );
}

export { useSuspendedStore } from '../identity/suspended-store';

/** Called by the chat engine for each socket it opens. */
export function attachNoticeHandlers(socket: ChatSocket): void {
  socket.on('notice', (payload) => {
    const parsed = userNoticeSchema.safeParse(payload);
    if (!parsed.success) {
      console.error('Unexpected notice payload', parsed.error.issues);
      return;
    }
    queryClient.setQueryData(noticesQueryKey, (notices: UserNotice[] | undefined) =>
      addNotice(notices, parsed.data),
    );
    showToast(
      'You have a new message from the Kindred team, shown at the top of the page.',
      'info',
    );
  });
  socket.on('account_banned', (payload) => {
    if (!accountBannedEventSchema.safeParse(payload).success) {
      console.error('Unexpected account_banned payload', payload);
    }
    // Whatever the payload says, the server has suspended the account: sign out here.
    endBannedSession();
  });
}
