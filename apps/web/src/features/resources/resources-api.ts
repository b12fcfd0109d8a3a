import {
  type CreateResourceBody,
  deleteResourceResponseSchema,
  listResourcesResponseSchema,
  recommendedResponseSchema,
  recordViewResponseSchema,
  type RecordViewResponse,
  type Resource,
  resourceDownloadUrl,
  resourceSchema,
  type ResourceSort,
  type ResourceType,
  type UpdateResourceBody,
} from '@kindred/protocol';
import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  type QueryClient,
} from '@tanstack/react-query';
import { apiJson, apiUpload, getJson } from '../../lib/api';
import type { UploadProgressHandler } from '../../lib/xhr-upload';

export {
  type Resource,
  type ResourceSort,
  type ResourceStatus,
  type ResourceSummary,
  type ResourceType,
  resourceSorts,
  resourceStatuses,
  resourceTypes,
} from '@kindred/protocol';

/** The REST calls of the resource library and their query keys. */

/** The library's filters, as the URL holds them. */
export interface LibraryFilters {
  q: string;
  type: ResourceType | null;
  topic: string | null;
  language: string | null;
  sort: ResourceSort;
}

/** Everything about resources is below this key (refetched after an edit). */
export const resourcesQueryKey = ['resources'] as const;

const PAGE = 12;

function listPath(filters: LibraryFilters, cursor: string | null, extra: Record<string, string>) {
  const query = new URLSearchParams({ limit: String(PAGE), sort: filters.sort, ...extra });
  if (filters.q.trim()) query.set('q', filters.q.trim());
  if (filters.type) query.set('type', filters.type);
  if (filters.topic) query.set('topic', filters.topic);
  if (filters.language) query.set('language', filters.language);
  if (cursor) query.set('cursor', cursor);
  return `/resources?${query}`;
}

/** GET /resources: published resources matching the filters, a page at a time. */
export const libraryQueryOptions = (filters: LibraryFilters, extra: Record<string, string> = {}) =>
  infiniteQueryOptions({
    queryKey: [...resourcesQueryKey, 'list', filters, extra],
    queryFn: ({ pageParam, signal }) =>
      apiJson('GET', listPath(filters, pageParam, extra), listResourcesResponseSchema, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // While a new search runs, the last results stay (marked busy) instead of a blank page.
    placeholderData: keepPreviousData,
  });

/** GET /resources/:id. */
export const resourceQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...resourcesQueryKey, 'one', id],
    queryFn: getJson(`/resources/${encodeURIComponent(id)}`, resourceSchema),
  });

/** GET /resources/recommended. */
export const recommendedQueryOptions = queryOptions({
  queryKey: [...resourcesQueryKey, 'recommended'],
  queryFn: getJson('/resources/recommended', recommendedResponseSchema),
});

/** Where a resource's file is served (with Range, so media can seek). */
export const downloadUrl = (id: string) => resourceDownloadUrl(encodeURIComponent(id));

/** POST /resources/:id/view: counted once a day per person by the server. */
export function recordView(id: string): Promise<RecordViewResponse> {
  return apiJson('POST', `/resources/${encodeURIComponent(id)}/view`, recordViewResponseSchema);
}

/** POST /resources: a new draft. */
export function createResource(draft: CreateResourceBody): Promise<Resource> {
  return apiJson('POST', '/resources', resourceSchema, { body: draft });
}

/** PUT /resources/:id: fields, and/or a status change (with a reason when rejecting). */
export function updateResource(id: string, changes: UpdateResourceBody): Promise<Resource> {
  return apiJson('PUT', `/resources/${encodeURIComponent(id)}`, resourceSchema, { body: changes });
}

/** DELETE /resources/:id (the file goes after a grace period). */
export async function deleteResource(id: string): Promise<void> {
  await apiJson('DELETE', `/resources/${encodeURIComponent(id)}`, deleteResourceResponseSchema);
}

/** POST /resources/:id/file: the audio, video or PDF, with upload progress. */
export function uploadResourceFile(
  id: string,
  file: File,
  onProgress: UploadProgressHandler,
  signal?: AbortSignal,
): Promise<Resource> {
  return apiUpload(`/resources/${encodeURIComponent(id)}/file`, file, resourceSchema, onProgress, {
    signal,
  });
}

/** After an edit: every list, the resource itself and the recommendations are fetched again. */
export function refreshResources(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: resourcesQueryKey });
}
