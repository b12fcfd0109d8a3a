import { publicConfigSchema } from '@kindred/protocol';
import { useQuery } from '@tanstack/react-query';
import { getJson } from '../../lib/api';

/** GET /config: what the client needs before sign-in (the Google client id, if any). */
export function usePublicConfig() {
  return useQuery({
    queryKey: ['config'],
    queryFn: getJson('/config', publicConfigSchema, { redirectOnUnauthorized: false }),
    staleTime: Infinity,
  });
}
