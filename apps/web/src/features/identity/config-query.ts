import { publicConfigSchema } from '@kindred/protocol';
import { useQuery } from '@tanstack/react-query';
import { apiJson } from '../../lib/api';

/** GET /config: what the client needs before sign-in (the Google client id, if any). */
export function usePublicConfig() {
  return useQuery({
    queryKey: ['config'],
    queryFn: ({ signal }) =>
      apiJson('GET', '/config', publicConfigSchema, { signal, redirectOnUnauthorized: false }),
    staleTime: Infinity,
  });
}
