/** Limits shared by server validation, web forms and tests. */
export const limits = {
  emailMax: 254,
  passwordMin: 8,
  passwordMax: 128,
  pseudonymMin: 3,
  pseudonymMax: 20,
  realNameMax: 100,
  bioMax: 500,
  tagMax: 40,
  tagsMax: 20,
  avatarMaxBytes: 5 * 1024 * 1024,
  jsonBodyMaxBytes: 64 * 1024,
  /** The direct-messaging contract: the first message to someone. */
  messageRequestMax: 250,
  /** The chat-API contract: images and PDFs. */
  attachmentMaxBytes: 10 * 1024 * 1024,
  voiceNoteMaxBytes: 10 * 1024 * 1024,
  voiceNoteMaxSeconds: 120,
  banReasonMax: 500,
  resolutionMax: 2000,
  adminPageMax: 100,
} as const;

export const attachmentMimeTypes = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
] as const;
export const voiceMimeTypes = ['audio/webm', 'audio/ogg', 'audio/mpeg', 'audio/wav'] as const;

export const avatarMimeTypes = ['image/jpeg', 'image/png', 'image/gif'] as const;
export type AvatarMimeType = (typeof avatarMimeTypes)[number];
