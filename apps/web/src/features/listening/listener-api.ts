import {
  type ApplyListenerBody,
  listenerApplicationSchema,
  listenerGuidelinesSchema,
} from '@kindred/protocol';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiJson, getJson } from '../../lib/api';
import { meQueryKey } from '../identity/me-query';

export const applicationQueryKey = ['listener-application'] as const;

export const applicationQueryOptions = queryOptions({
  queryKey: applicationQueryKey,
  queryFn: getJson('/listeners/application', listenerApplicationSchema),
});

/** The signed-in user's listener application: status, reason, and whether they may listen now. */
export function useListenerApplication(options: { enabled?: boolean } = {}) {
  return useQuery({ ...applicationQueryOptions, enabled: options.enabled ?? true });
}

export function useListenerGuidelines() {
  return useQuery({
    queryKey: ['listener-guidelines'],
    queryFn: getJson('/listeners/guidelines', listenerGuidelinesSchema),
    staleTime: Infinity,
  });
}

/** POST /listeners/apply; the profile (roles, status) changes too, so it is fetched again. */
export function useApplyToListen() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApplyListenerBody) =>
      apiJson('POST', '/listeners/apply', listenerApplicationSchema, { body }),
    onSuccess: (application) => {
      queryClient.setQueryData(applicationQueryKey, application);
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
}
