import type { Db } from '../../db/client.js';
import { enqueue } from '../../queue/catalog.js';
import { ConflictError } from '../errors.js';
import { ownedAssets } from './owned-assets.js';

/**
 * Soft-deletes the user's assets: hidden from every list at once, restorable (undo) until the
 * grace period ends, when a task removes their files. The rows stay, so an edit made from a
 * deleted image still shows where it came from. An influencer's current base image is refused:
 * face-reference packs read it.
 */
export async function deleteAssets(db: Db, userId: string, assetIds: readonly string[], graceMs: number) {
  return db.$transaction(async (tx) => {
    const rows = await ownedAssets(tx, userId, assetIds);
    const ids = rows.map((r) => r.id);
    const base = await tx.influencer.findFirst({ where: { baseImageAssetId: { in: ids } }, select: { name: true } });
    if (base) throw new ConflictError(`This is ${base.name}'s base image; upload a new one before deleting it.`);
    const deletedAt = new Date();
    await tx.imageAsset.updateMany({ where: { id: { in: ids } }, data: { deletedAt } });
    await enqueue(tx, 'purge_deleted_assets', { assetIds: ids }, { runAt: new Date(deletedAt.getTime() + graceMs) });
    return ids;
  });
}

/** Undoes deleteAssets for assets whose files are still there. */
export async function restoreAssets(db: Db, userId: string, assetIds: readonly string[]) {
  return db.$transaction(async (tx) => {
    const rows = await ownedAssets(tx, userId, assetIds, 'deleted');
    // purgedAt: null again here: a purge that committed meanwhile wins, and nothing is restored.
    const { count } = await tx.imageAsset.updateMany({ where: { id: { in: rows.map((r) => r.id) }, purgedAt: null }, data: { deletedAt: null } });
    if (count !== rows.length) throw new ConflictError('These images were already removed for good.');
    return tx.imageAsset.findMany({ where: { id: { in: rows.map((r) => r.id) } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  });
}
