import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import type { AttachmentStore } from './attachment-files';
import * as repo from './attachments.repository';

/** An upload no message carried within this long is deleted. */
export const UNSENT_UPLOAD_TTL_MS = 60 * 60 * 1000;
/** How often the cleanup looks for files to delete (unsent uploads, missed deletions). */
export const CLEANUP_INTERVAL_MS = 5 * 60 * 1000;
/** How often the folder is checked for files without a row (a crash between the two). */
export const STRAY_FILES_INTERVAL_MS = 60 * 60 * 1000;
const BATCH = 200;

/**
 * Deleting uploaded files with what owns them. The attachments table is the ledger: a row is
 * disposable once its message was deleted or removed, its conversation or its uploader is gone,
 * or it was never sent within an hour. The row is deleted first and its file right after, so a
 * file is never served without its row's checks; a crash in between leaves a stray file, which
 * the folder check removes.
 */
export function createCleanup(deps: {
  db: Db;
  store: AttachmentStore;
  clock: Clock;
  log: FastifyBaseLogger;
}) {
  const { db, store, clock } = deps;

  /** Deletes disposable rows (all, or only among `ids`) and their files; how many went. */
  async function purge(ids?: string[]): Promise<number> {
    if (ids && ids.length === 0) return 0;
    const unsentBefore = new Date(clock.now().getTime() - UNSENT_UPLOAD_TTL_MS);
    let total = 0;
    for (;;) {
      const names = await repo.deleteDisposable(db, { unsentBefore, ids, limit: BATCH });
      await Promise.all(names.map((name) => store.remove(name)));
      total += names.length;
      if (names.length < BATCH) return total;
    }
  }

  /** Removes files older than an hour that no row names (left by a crash). */
  async function removeStrayFiles(): Promise<number> {
    const cutoff = clock.now().getTime() - UNSENT_UPLOAD_TTL_MS;
    const old = (await store.list()).filter((f) => f.modifiedAt.getTime() < cutoff);
    let removed = 0;
    for (let i = 0; i < old.length; i += BATCH) {
      const names = old.slice(i, i + BATCH).map((f) => f.name);
      const kept = await repo.storedNames(db, names);
      const stray = names.filter((name) => !kept.has(name));
      await Promise.all(stray.map((name) => store.remove(name)));
      removed += stray.length;
    }
    return removed;
  }

  return {
    purge,
    removeStrayFiles,
    /** Everything the periodic job does, in one call (tests and maintenance use it too). */
    async run(): Promise<{ files: number; strays: number }> {
      const files = await purge();
      const strays = await removeStrayFiles();
      if (files + strays > 0) deps.log.info({ files, strays }, 'uploaded files deleted');
      return { files, strays };
    },
  };
}
export type AttachmentCleanup = ReturnType<typeof createCleanup>;
