import {
  isResourceFileType,
  RESOURCE_TEAM_AUTHOR,
  type Resource,
  type ResourceCard,
  resourceDownloadUrl,
  type ResourceStatus,
  type ResourceSummary,
} from '@kindred/protocol';
import type { ResourceRow } from '../../db/schema';
import type { ListedResource, ResourceWithAuthor } from './resources.repository';
import { snippetHtml } from './search';

/** Who wrote it, as others may see: the team, or the author's pseudonym. */
function authorOf(row: ResourceWithAuthor): string {
  if (row.byTeam) return RESOURCE_TEAM_AUTHOR;
  return row.authorPseudonym ?? 'Former member';
}

export function toResourceSummary(row: ListedResource | ResourceWithAuthor): ResourceSummary {
  const headline = 'headline' in row ? row.headline : null;
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    summary: row.summary,
    topics: row.topics,
    language: row.language,
    duration_seconds: row.durationSeconds,
    pages: row.pages,
    author: authorOf(row),
    status: row.status,
    featured: row.featured,
    published_at: row.publishedAt?.toISOString() ?? null,
    updated_at: row.updatedAt.toISOString(),
    view_count: row.viewCount,
    snippet: headline ? snippetHtml(headline) : null,
  };
}

export function toResource(
  row: ResourceWithAuthor,
  viewer: { canEdit: boolean; isEditor: boolean; allowedStatuses: ResourceStatus[] },
): Resource {
  const hasFile = isResourceFileType(row.type) && row.fileStorageName !== null;
  return {
    ...toResourceSummary(row),
    body: row.body,
    url: row.url,
    file: hasFile
      ? {
          mime_type: row.fileMimeType!,
          size_bytes: row.fileSizeBytes!,
          name: row.fileName!,
          url: resourceDownloadUrl(row.id),
        }
      : null,
    rejection_reason: viewer.isEditor ? row.rejectionReason : null,
    created_at: row.createdAt.toISOString(),
    download_count: row.downloadCount,
    can_edit: viewer.canEdit,
    allowed_statuses: viewer.allowedStatuses,
  };
}

export function toResourceCard(row: ResourceRow): ResourceCard {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    summary: row.summary,
    duration_seconds: row.durationSeconds,
    pages: row.pages,
  };
}
