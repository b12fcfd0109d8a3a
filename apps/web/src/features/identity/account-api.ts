import {
  deviceSessionsResponseSchema,
  type ForgotPasswordBody,
  messageResponseSchema,
  type ResetPasswordBody,
  revokeSessionsResponseSchema,
  verifyEmailResponseSchema,
} from '@kindred/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiJson } from '../../lib/api';

export const forgotPassword = (body: ForgotPasswordBody) =>
  apiJson('POST', '/auth/forgot-password', messageResponseSchema, { body });

export const resetPassword = (body: ResetPasswordBody) =>
  apiJson('POST', '/auth/reset-password', messageResponseSchema, { body });

export const verifyEmail = (token: string) =>
  apiJson('POST', '/auth/verify-email', verifyEmailResponseSchema, { body: { token } });

export const resendVerification = () =>
  apiJson('POST', '/auth/verify-email/resend', messageResponseSchema, { body: {} });

const sessionsKey = ['device-sessions'] as const;

/** The signed-in devices of the account. */
export function useDeviceSessions() {
  return useQuery({
    queryKey: sessionsKey,
    queryFn: ({ signal }) =>
      apiJson('GET', '/users/me/sessions', deviceSessionsResponseSchema, { signal }),
    select: (data) => data.sessions,
  });
}

/** Signs one device out (by id), or every other device (no id). */
export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id?: string) => {
      if (id) await apiJson('DELETE', `/users/me/sessions/${id}`, messageResponseSchema);
      else await apiJson('DELETE', '/users/me/sessions', revokeSessionsResponseSchema);
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: sessionsKey }),
  });
}
