import { createReadStream } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { ResourceType } from '@kindred/protocol';
import type { Db } from '../../db/client';
import { resources } from '../../db/schema';
import { resourceStore } from './files';
import { searchConfigOf } from './language';
import { markdownToText } from './markdown';
import { insertResource, updateResource } from './resources.repository';

/** A resource a new installation starts with: written by the team, published at once. */
export interface StarterResource {
  type: ResourceType;
  title: string;
  summary: string;
  topics: string[];
  language: string;
  featured?: boolean;
  body?: string;
  url?: string;
  /** A file shipped with the app (in `assetsDir`), uploaded as the resource's file. */
  file?: { asset: string; name: string };
}

/**
 * Publishes each starter resource the team has not published under that title yet (one deleted
 * by an admin stays deleted); a shipped file goes through the same checks as an upload.
 * Returns how many were created.
 */
export async function seedStarterResources(
  db: Db,
  options: {
    dataDir: string;
    assetsDir: string;
    authorId: string | null;
    items: StarterResource[];
  },
): Promise<number> {
  const store = resourceStore(options.dataDir);
  let created = 0;
  for (const item of options.items) {
    const [existing] = await db
      .select({ id: resources.id })
      .from(resources)
      .where(and(eq(resources.title, item.title), eq(resources.byTeam, true)))
      .limit(1);
    if (existing) continue;
    const now = new Date();
    const row = await insertResource(db, {
      type: item.type,
      status: 'published',
      title: item.title,
      summary: item.summary,
      body: item.body ?? null,
      plainBody: item.body ? markdownToText(item.body) : '',
      url: item.url ?? null,
      topics: item.topics,
      language: item.language,
      searchConfig: searchConfigOf(item.language),
      authorId: options.authorId,
      byTeam: true,
      featured: item.featured ?? false,
      publishedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    if (item.file && (item.type === 'audio' || item.type === 'video' || item.type === 'pdf')) {
      const path = `${options.assetsDir}/${item.file.asset}`;
      const stored = await store.receive(item.type, createReadStream(path));
      const measured = await store.measure(stored.storageName, stored.mimeType);
      await updateResource(db, row.id, {
        fileStorageName: stored.storageName,
        fileMimeType: stored.mimeType,
        fileSizeBytes: stored.sizeBytes,
        fileName: item.file.name,
        ...measured,
      });
    }
    created++;
  }
  return created;
}
