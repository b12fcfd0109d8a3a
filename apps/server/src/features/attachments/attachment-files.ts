import { randomBytes } from 'node:crypto';
import { mkdir, open, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { extensionOf, type SniffedType } from '../../lib/file-types';

/** Random, unguessable names: `<32 hex>.<ext>`; nothing else is ever opened. */
const FILE_NAME = /^[0-9a-f]{32}\.(jpg|png|gif|webp|pdf|webm|ogg|mp3|wav)$/;

/** Attachment files under DATA_DIR/uploads/attachments; who may read them is decided elsewhere. */
export function attachmentStore(dataDir: string) {
  const dir = path.join(dataDir, 'uploads', 'attachments');
  return {
    async save(bytes: Buffer, type: SniffedType): Promise<string> {
      await mkdir(dir, { recursive: true });
      const name = `${randomBytes(16).toString('hex')}.${extensionOf[type]}`;
      await writeFile(path.join(dir, name), bytes, { mode: 0o600 });
      return name;
    },
    async remove(name: string): Promise<void> {
      if (FILE_NAME.test(name)) await rm(path.join(dir, name), { force: true });
    },
    /**
     * A stream of the file (or of the inclusive byte range) and its full size; undefined when
     * the name is not a stored attachment or the file is gone.
     */
    async open(
      name: string,
      range?: { start: number; end: number },
    ): Promise<{ stream: NodeJS.ReadableStream; size: number } | undefined> {
      if (!FILE_NAME.test(name)) return undefined;
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => undefined);
      const handle = info && (await open(file, 'r').catch(() => undefined));
      if (!info || !handle) return undefined;
      return { stream: handle.createReadStream(range ?? {}), size: info.size };
    },
  };
}
export type AttachmentStore = ReturnType<typeof attachmentStore>;
