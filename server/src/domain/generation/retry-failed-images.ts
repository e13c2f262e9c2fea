import type { Env } from '../../config/env.js';
import type { Db } from '../../db/client.js';
import { bookEntry, creditBalance, lockUserCredits } from '../credits/ledger.js';
import { ConflictError, InsufficientCreditsError, NotFoundError } from '../errors.js';
import { publishInTx } from '../events/topics.js';
import { restartGpuJobInTx } from '../gpu-jobs/create.js';

/**
 * Gives a pack's failed images another round: reserves their price again, resets them (new
 * round, so their ledger entries stay distinct) and submits them; subscribers get a snapshot.
 */
export async function retryFailedImages(db: Db, env: Env, userId: string, jobId: string) {
  return db.$transaction(async (tx) => {
    await lockUserCredits(tx, userId);
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "GenerationJob" WHERE id = ${jobId}::uuid AND "userId" = ${userId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new NotFoundError('GenerationJob', jobId);
    const job = await tx.generationJob.findUniqueOrThrow({ where: { id: jobId } });
    const failed = await tx.generationItem.findMany({ where: { jobId, status: 'failed' }, include: { gpuJob: { select: { id: true } } } });
    if (failed.length === 0) throw new ConflictError('This generation has no failed images to retry.');
    const price = job.pricePerImage * failed.length;
    const balance = await creditBalance(tx, userId);
    if (balance < price) throw new InsufficientCreditsError(price, balance);
    for (const item of failed) {
      const round = item.round + 1;
      await tx.generationItem.update({
        where: { id: item.id },
        data: { status: 'queued', round, error: null, errorKind: null, completedAt: null },
      });
      await bookEntry(tx, { userId, kind: 'reserve', amount: -job.pricePerImage, dedupeKey: `reserve:item:${item.id}:${round}`, generationJobId: jobId, note: 'Retry' });
      await restartGpuJobInTx(tx, env, item.gpuJob!.id);
    }
    const updated = await tx.generationJob.update({
      where: { id: jobId },
      data: {
        status: 'running',
        failedCount: { decrement: failed.length },
        creditsReserved: { increment: price },
        completedAt: null,
        error: null,
        sequence: { increment: 1 },
      },
    });
    await publishInTx(tx, 'generation', jobId, { kind: 'snapshot', jobId, sequence: updated.sequence });
    return updated;
  });
}
