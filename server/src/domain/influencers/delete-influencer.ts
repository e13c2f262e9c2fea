import type { Db } from '../../db/client.js';
import type { Storage } from '../../providers/storage/index.js';
import { filesByBucket } from '../assets/files-by-bucket.js';
import { ConflictError, NotFoundError } from '../errors.js';

/**
 * Deletes an influencer with its packs and images, for good. Refused while a pack or an edit of
 * theirs is still running: cancelling silently would throw away images the user is waiting for
 * (and their refunds are settled by the pack itself). The rows go in one transaction; the files
 * are removed after it commits (a missing file is ignored, so a retry is harmless).
 */
export async function deleteInfluencer(deps: { db: Db; storage: Storage }, userId: string, influencerId: string) {
  const assets = await deps.db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Influencer" WHERE id = ${influencerId}::uuid AND "userId" = ${userId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError('Influencer', influencerId);
    const running = await tx.generationJob.count({ where: { influencerId, status: { in: ['queued', 'running'] } } });
    const editing = await tx.editJob.count({ where: { influencerId, status: { in: ['pending', 'running'] } } });
    if (running + editing > 0) throw new ConflictError('A pack is still generating for this influencer. Cancel it or wait until it finishes, then delete.');
    const rows = await tx.imageAsset.findMany({
      where: { influencerId, purgedAt: null },
      select: { nsfw: true, storageBucket: true, storageKey: true, thumbnailKey: true, maskKey: true },
    });
    await tx.influencer.delete({ where: { id: influencerId } });
    return rows;
  });
  for (const [place, keys] of filesByBucket(assets)) await deps.storage.delete(keys, place);
  return { assetCount: assets.length };
}
