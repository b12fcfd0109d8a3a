import { extensionOf, type SniffedType } from '../../lib/file-types';
import { uploadFolder } from '../../lib/upload-files';

/** Random, unguessable names: `<32 hex>.<ext>`; nothing else is ever opened. */
const FILE_NAME = /^[0-9a-f]{32}\.(jpg|png|gif|webp|pdf|webm|ogg|mp3|wav)$/;

/** Attachment files under DATA_DIR/uploads/attachments; who may read them is decided elsewhere. */
export function attachmentStore(dataDir: string) {
  const files = uploadFolder(dataDir, 'attachments', FILE_NAME);
  return {
    save: (bytes: Buffer, type: SniffedType): Promise<string> =>
      files.save(bytes, extensionOf[type]),
    remove: (name: string): Promise<void> => files.remove(name),
    /** Every stored attachment file, for finding files whose row is gone. */
    list: () => files.list(),
    /** A stream of the file (or of the inclusive byte range) and its full size. */
    open: files.open,
  };
}
export type AttachmentStore = ReturnType<typeof attachmentStore>;
