import { open } from 'node:fs/promises';
import { type AvatarMimeType, avatarMimeTypes } from '@kindred/protocol';
import { sniffFileType } from '../../lib/file-types';
import { uploadFolder } from '../../lib/upload-files';

const extensions: Record<AvatarMimeType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
};
const byExtension = Object.fromEntries(
  Object.entries(extensions).map(([mime, ext]) => [ext, mime as AvatarMimeType]),
);

/** The image type a file really is, read from its first bytes; its name and declared type are ignored. */
export function sniffImageType(bytes: Uint8Array): AvatarMimeType | undefined {
  const type = sniffFileType(bytes);
  return (avatarMimeTypes as readonly string[]).includes(type ?? '')
    ? (type as AvatarMimeType)
    : undefined;
}

/** Random, unguessable file names: a name is `<32 hex>.<ext>`, nothing else is ever served. */
const FILE_NAME = /^[0-9a-f]{32}\.(jpg|png|gif)$/;

export function avatarStore(dataDir: string) {
  const files = uploadFolder(dataDir, 'avatars', FILE_NAME);
  return {
    save: (bytes: Buffer, type: AvatarMimeType): Promise<string> =>
      files.save(bytes, extensions[type]),
    async remove(name: string | null): Promise<void> {
      if (name) await files.remove(name);
    },
    /** A stream and its type, or undefined for a name that is not a stored avatar. */
    async open(
      name: string,
    ): Promise<{ stream: NodeJS.ReadableStream; type: AvatarMimeType } | undefined> {
      const match = FILE_NAME.exec(name);
      const type = match?.[1] ? byExtension[match[1]] : undefined;
      const file = files.pathOf(name);
      if (!type || !file) return undefined;
      const handle = await open(file, 'r').catch(() => undefined);
      return handle && { stream: handle.createReadStream(), type };
    },
  };
}
export type AvatarStore = ReturnType<typeof avatarStore>;
