import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * One folder of uploaded files, DATA_DIR/uploads/<folder>. Files get random, unguessable names,
 * `<32 hex>.<ext>`; a name that `storedName` does not accept is never opened or removed.
 */
export function uploadFolder(dataDir: string, folder: string, storedName: RegExp) {
  const dir = path.join(dataDir, 'uploads', folder);
  /** Where a stored file is, or undefined when the name is not one of ours. */
  const pathOf = (name: string) => (storedName.test(name) ? path.join(dir, name) : undefined);
  return {
    /** Writes the file under a new name with this extension, readable by the server only. */
    async save(bytes: Buffer, extension: string): Promise<string> {
      await mkdir(dir, { recursive: true });
      const name = `${randomBytes(16).toString('hex')}.${extension}`;
      await writeFile(path.join(dir, name), bytes, { mode: 0o600 });
      return name;
    },
    async remove(name: string): Promise<void> {
      if (storedName.test(name)) await rm(path.join(dir, name), { force: true });
    },
    /** Every stored file (names `storedName` accepts) with when it was last written. */
    async list(): Promise<{ name: string; modifiedAt: Date }[]> {
      const names = await readdir(dir).catch(() => [] as string[]);
      const found = await Promise.all(
        names
          .filter((name) => storedName.test(name))
          .map(async (name) => {
            const info = await stat(path.join(dir, name)).catch(() => undefined);
            return info && { name, modifiedAt: info.mtime };
          }),
      );
      return found.filter((f) => f !== undefined);
    },
    pathOf,
    /**
     * A stream of the file (or of the inclusive byte range) and its full size; undefined when
     * the name is not one of ours or the file is gone.
     */
    async open(
      name: string,
      range?: { start: number; end: number },
    ): Promise<{ stream: NodeJS.ReadableStream; size: number } | undefined> {
      const file = pathOf(name);
      if (!file) return undefined;
      const info = await stat(file).catch(() => undefined);
      const handle = info && (await open(file, 'r').catch(() => undefined));
      if (!info || !handle) return undefined;
      return { stream: handle.createReadStream(range ?? {}), size: info.size };
    },
  };
}
