import type { DmUser } from '@kindred/protocol';
import type { Executor } from '../../db/client';
import type { UserRow } from '../../db/schema';
import type { PresenceStatus } from '../../realtime/presence';
import { avatarUrl } from '../identity';
import { blockedPairs, blocksWith, findUsers } from './direct.repository';

/** Requests may go to people one had a listening session with this recently. */
export const REQUEST_WINDOW_MS = 30 * 24 * 3600 * 1000;

/** What the members of one conversation allow each other to see. */
export interface PairPrivacy {
  /** Read receipts flow only when every member has them on (then neither side sees them). */
  receiptsShared: boolean;
  /** Members whose online state the others must not see (their setting, or a block). */
  hiddenPresence: Set<string>;
  blocked: boolean;
}

/** Privacy between the members of a direct conversation, in two small queries. */
export async function pairPrivacy(
  db: Executor,
  memberIds: readonly string[],
): Promise<PairPrivacy> {
  const [rows, blocks] = await Promise.all([findUsers(db, memberIds), blockedPairs(db, memberIds)]);
  const blocked = blocks.size > 0;
  return {
    receiptsShared: rows.every((r) => r.readReceipts),
    hiddenPresence: new Set(rows.filter((r) => blocked || !r.showOnlineStatus).map((r) => r.id)),
    blocked,
  };
}

/** True when `viewer` may see `other`'s online state. */
export function presenceVisible(other: UserRow, blocked: boolean): boolean {
  return other.showOnlineStatus && !blocked;
}

/**
 * Another user as a direct-message partner sees them: pseudonym and avatar only, built field by
 * field so that email and real name cannot leak. Online state only when they show it and no
 * block stands between the two.
 */
export function toDmUser(
  row: UserRow,
  presence: PresenceStatus | undefined,
  options: { blocked: boolean },
): DmUser {
  const picture = row.showProfilePicture ? avatarUrl(row.avatarFile) : null;
  const visible = presenceVisible(row, options.blocked);
  return {
    id: row.id,
    pseudonym: row.pseudonym,
    name: row.pseudonym,
    profile_picture_url: picture,
    profile_photos: picture ? [picture] : [],
    is_online: visible ? (presence?.online ?? false) : null,
    last_active: visible ? (presence?.lastActive ?? row.awaySince?.toISOString() ?? null) : null,
  };
}

/** The viewer's blocks with each of `others` (either way), as a set of the others' ids. */
export async function blockedWith(
  db: Executor,
  viewerId: string,
  others: readonly string[],
): Promise<Set<string>> {
  return (await blocksAround(db, viewerId, others)).either;
}

/** As `blockedWith`, and separately the ones the viewer blocked (who may be unblocked). */
export async function blocksAround(db: Executor, viewerId: string, others: readonly string[]) {
  const rows = await blocksWith(db, viewerId, others);
  return {
    either: new Set(rows.map((r) => (r.blockerId === viewerId ? r.blockedId : r.blockerId))),
    byViewer: new Set(rows.filter((r) => r.blockerId === viewerId).map((r) => r.blockedId)),
  };
}
