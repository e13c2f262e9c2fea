import type { Db } from '../../db/client.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { cancelGpuJobInTx } from '../gpu-jobs/cancel.js';
import { failItemInTx } from './settle-item.js';

/**
 * Cancels every image of a pack that has not finished: refunded, reported as failed with
 * "Cancelled", and their GPU jobs cancelled in the background. Finished images stay.
 */
export async function cancelGeneration(db: Db, userId: string, jobId: string) {
  return db.$transaction(async (tx) => {
    // Row lock: a concurrent completion waits, then finds the item cancelled (and is discarded).
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "GenerationJob" WHERE id = ${jobId}::uuid AND "userId" = ${userId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError('GenerationJob', jobId);
    const pending = await tx.generationItem.findMany({ where: { jobId, status: { in: ['queued', 'submitted'] } }, orderBy: { index: 'asc' } });
    if (pending.length === 0) throw new ConflictError('This generation has already finished.');
    for (const item of pending) {
      await failItemInTx(tx, item.id, 'Cancelled', 'cancelled');
      await cancelGpuJobInTx(tx, { generationItemId: item.id });
    }
    return tx.generationJob.findUniqueOrThrow({ where: { id: jobId } });
  });
}
