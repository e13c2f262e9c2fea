import type { Db } from '../../db/client.js';
import type { Storage } from '../../providers/storage/index.js';
import { filesByBucket } from './files-by-bucket.js';

/**
 * Removes the files of deleted assets whose grace period is over and marks them purged. The rows
 * are claimed (purgedAt set) in the same transaction as the file removal: a concurrent restore
 * waits on the row lock and then finds them purged, and a storage failure rolls the claim back so
 * the task's retry tries again. Assets restored meanwhile, or deleted again later (their own purge
 * is due later), are left alone, so running it twice or late is harmless.
 */
export async function purgeDeletedAssets(deps: { db: Db; storage: Storage; graceMs: number }, assetIds: readonly string[]) {
  return deps.db.$transaction(
    async (tx) => {
      const cutoff = new Date(Date.now() - deps.graceMs);
      const where = { id: { in: [...assetIds] }, purgedAt: null, deletedAt: { lte: cutoff } };
      const due = await tx.imageAsset.findMany({ where, select: { id: true, nsfw: true, storageBucket: true, storageKey: true, thumbnailKey: true, maskKey: true } });
      if (due.length === 0) return 0;
      await tx.imageAsset.updateMany({ where: { ...where, id: { in: due.map((a) => a.id) } }, data: { purgedAt: new Date() } });
      for (const [place, keys] of filesByBucket(due)) await deps.storage.delete(keys, place);
      return due.length;
    },
    { timeout: 60_000 },
  );
}
