import type { Tx } from '../../db/client.js';
import type { GpuJob } from '../../generated/prisma/client.js';
import { publishInTx } from '../events/topics.js';
import type { GpuJobOwner } from '../gpu-jobs/owner.js';
import { lockJobOfItem } from './locks.js';
import { completeItemInTx, failItemInTx, type StoredImage } from './settle-item.js';

const itemOf = (job: GpuJob) => job.generationItemId!;

/** A pack image as the owner of its GPU job: the lifecycle's steps in the pack's terms. */
export const packImageOwner: GpuJobOwner<StoredImage> = {
  async lock(tx, job) {
    await lockJobOfItem(tx, itemOf(job));
  },
  onSubmitted: (tx, job) => markItemSubmitted(tx, itemOf(job)),
  async onRequeued(tx, job, failure) {
    await tx.generationItem.updateMany({
      where: { id: itemOf(job), status: { in: ['queued', 'submitted'] } },
      data: { status: 'queued', error: failure.message.slice(0, 2000), errorKind: failure.class },
    });
  },
  async onCompleted(tx, job, image) {
    await completeItemInTx(tx, itemOf(job), image, job);
  },
  async onFailed(tx, job, failure) {
    await failItemInTx(tx, itemOf(job), failure.message, failure.class, job.attempts);
  },
  async onCost(tx, job, usage) {
    await tx.$executeRaw`
      UPDATE "GenerationJob" SET "gpuExecutionMs" = "gpuExecutionMs" + ${usage.executionMs}, "gpuCostUsdMicros" = "gpuCostUsdMicros" + ${usage.costUsdMicros}
      WHERE id = (SELECT "jobId" FROM "GenerationItem" WHERE id = ${itemOf(job)}::uuid)`;
  },
};

/**
 * An image is on the GPU: tiles show "rendering". One transition, whether /run answered or the
 * image's webhook arrived first; the pack is running from its first submission.
 */
async function markItemSubmitted(tx: Tx, itemId: string): Promise<void> {
  const moved = await tx.generationItem.updateMany({ where: { id: itemId, status: 'queued' }, data: { status: 'submitted' } });
  if (moved.count === 0) return;
  const [job] = await tx.$queryRaw<{ id: string; sequence: number }[]>`
    UPDATE "GenerationJob"
    SET sequence = sequence + 1,
        status = CASE WHEN status = 'queued' THEN 'running'::"GenerationJobStatus" ELSE status END,
        "startedAt" = COALESCE("startedAt", now())
    WHERE id = (SELECT "jobId" FROM "GenerationItem" WHERE id = ${itemId}::uuid)
    RETURNING id, sequence`;
  await publishInTx(tx, 'generation', job!.id, { kind: 'image_started', jobId: job!.id, itemId, sequence: job!.sequence });
}
