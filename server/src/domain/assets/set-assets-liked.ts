import type { Db } from '../../db/client.js';
import { ownedAssets } from './owned-assets.js';

/** Stars (or un-stars) the user's assets: all of them, or none when one id is not theirs. */
export async function setAssetsLiked(db: Db, userId: string, assetIds: readonly string[], liked: boolean) {
  return db.$transaction(async (tx) => {
    const rows = await ownedAssets(tx, userId, assetIds);
    await tx.imageAsset.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { liked } });
    return tx.imageAsset.findMany({ where: { id: { in: rows.map((r) => r.id) } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  });
}
