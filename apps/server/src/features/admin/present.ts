/** Shapes shared by the admin lists. */
export type Page = { page: number; limit: number };

export const iso = (date: Date | null) => date?.toISOString() ?? null;
export const paging = ({ page, limit }: Page) => ({ limit, offset: (page - 1) * limit });
export const pages = (total: number, limit: number) => Math.ceil(total / limit);
/** `{ id, pseudonym }`, or null when the user is gone. */
export const ref = (id: string | null, pseudonym: string | null) =>
  id && pseudonym !== null ? { id, pseudonym } : null;
