import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * One folder of uploaded files, DATA_DIR/uploads/<folder>. Files get random, unguessable names,
 * `<32 hex>.<ext>`; a name that `storedName` does not accept is never opened or removed.
 */
export function uploadFolder(dataDir: string, folder: string, storedName: RegExp) {
  const dir = path.join(dataDir, 'uploads', folder);
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
    /** Where a stored file is, or undefined when the name is not one of ours. */
    pathOf(name: string): string | undefined {
      return storedName.test(name) ? path.join(dir, name) : undefined;
    },
  };
}
