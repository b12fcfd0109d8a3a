import { availabilityResponseSchema, type ListenerAvailability, type Me } from '@kindred/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Switch } from '../../components/ui/Switch';
import { apiJson } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { useListenerApplication } from './listener-api';
import { ListenerApprovalNotice } from './ListenerApprovalNotice';
import { meQueryKey } from '../identity/me-query';

const statusText: Record<ListenerAvailability, string> = {
  available: "You're visible to Sharers. We'll let you know when someone wants to talk.",
  unavailable: "You're not visible to Sharers right now.",
  in_chat: "You're in a chat right now. Your availability changes back when it ends.",
};

/** The listener's "available to listen" switch (PATCH /users/me/availability). */
export function AvailabilityToggle({ availability }: { availability: ListenerAvailability }) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (next: ListenerAvailability) =>
      apiJson('PATCH', '/users/me/availability', availabilityResponseSchema, {
        body: { availability: next },
      }),
    onSuccess: ({ listener_availability }) => {
      queryClient.setQueryData<Me | null>(meQueryKey, (me) =>
        me ? { ...me, listener_availability } : me,
      );
    },
  });

  // Shown at once (a controlled checkbox must never lag behind the click), undone on failure.
  const [optimistic, setOptimistic] = useState<ListenerAvailability | null>(null);
  const shown = optimistic ?? availability;
  const inChat = availability === 'in_chat';
  const { data: application } = useListenerApplication();

  const change = (next: ListenerAvailability) => {
    setOptimistic(next);
    mutation.mutate(next, {
      onSettled: (_data, _error, sent) =>
        setOptimistic((current) => (current === sent ? null : current)),
    });
  };

  // Not approved yet (or suspended): say why instead of offering a switch that would be refused.
  if (application && !application.can_listen) return <ListenerApprovalNotice />;

  return (
    <div className="flex flex-col gap-2">
      <Switch
        label="Available to listen"
        description={statusText[shown]}
        checked={shown === 'available'}
        disabled={inChat}
        onChange={(event) => change(event.target.checked ? 'available' : 'unavailable')}
      />
      {mutation.isError && (
        <p role="alert" className="text-sm font-medium text-danger-text">
          {errorMessage(mutation.error)}
        </p>
      )}
    </div>
  );
}
