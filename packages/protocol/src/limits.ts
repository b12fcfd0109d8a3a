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
} as const;

export const avatarMimeTypes = ['image/jpeg', 'image/png', 'image/gif'] as const;
export type AvatarMimeType = (typeof avatarMimeTypes)[number];
