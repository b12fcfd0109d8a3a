import {
  type CreateSupportTicketBody,
  createSupportTicketResponseSchema,
  type SupportStatus,
  supportTicketsResponseSchema,
} from '@kindred/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiJson } from '../../lib/api';

export const supportTicketsQueryKey = ['support-tickets'] as const;

/** The user's tickets; polled, so a status the team changes shows up without a reload. */
export function useSupportTickets() {
  return useQuery({
    queryKey: supportTicketsQueryKey,
    queryFn: ({ signal }) => apiJson('GET', '/support', supportTicketsResponseSchema, { signal }),
    select: (data) => data.tickets,
    refetchInterval: 20_000,
  });
}

export function useCreateSupportTicket() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSupportTicketBody) =>
      apiJson('POST', '/support', createSupportTicketResponseSchema, { body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: supportTicketsQueryKey }),
  });
}

export const supportStatusLabel: Record<SupportStatus, string> = {
  open: 'Open',
  waiting_user: 'Waiting for your reply',
  resolved: 'Resolved',
};

/** The same statuses as the team sees them. */
export const teamStatusLabel: Record<SupportStatus, string> = {
  open: 'Open',
  waiting_user: 'Waiting on user',
  resolved: 'Resolved',
};
