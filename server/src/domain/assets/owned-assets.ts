import type { Db, Tx } from '../../db/client.js';
import { InvalidInputError, NotFoundError } from '../errors.js';

/** Most assets one request may act on (a full gallery page selected several times over). */
export const MAX_ASSETS_PER_ACTION = 500;

/**
 * The user's assets with these ids, all of them or a NotFoundError naming the first missing one:
 * another user's id, an unknown id and (unless `deleted`) a deleted asset all look the same, and
 * nothing is changed for a list that contains one.
 */
export async function ownedAssets(db: Db | Tx, userId: string, ids: readonly string[], state: 'live' | 'deleted' = 'live') {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw new InvalidInputError('Select at least one image.', [{ path: ['assetIds'], message: 'empty list' }]);
  if (unique.length > MAX_ASSETS_PER_ACTION) throw new InvalidInputError(`At most ${MAX_ASSETS_PER_ACTION} images at once.`, [{ path: ['assetIds'], message: 'too many' }]);
  const rows = await db.imageAsset.findMany({
    where: { id: { in: unique }, userId, ...(state === 'live' ? { deletedAt: null } : { deletedAt: { not: null }, purgedAt: null }) },
  });
  const missing = unique.find((id) => !rows.some((r) => r.id === id));
  if (missing) throw new NotFoundError('ImageAsset', missing);
  return rows;
}
