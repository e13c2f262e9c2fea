import type { Db } from '../../db/client.js';
import { publishInTx } from '../events/topics.js';
import { lockJobOfItem } from './locks.js';

/**
 * Records that an image is on the GPU (its RunPod job id) and tells subscribers, so tiles can show
 * "rendering". Returns false when the image is no longer waiting for this submission (cancelled,
 * or a fast webhook already adopted the GPU job).
 */
export async function markSubmitted(db: Db, itemId: string, webhookToken: string, runpodJobId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await lockJobOfItem(tx, itemId);
    const recorded = await tx.generationItem.updateMany({
      where: { id: itemId, status: 'queued', webhookToken },
      data: { status: 'submitted', runpodJobId, submittedAt: new Date() },
    });
    if (recorded.count === 0) return false;
    const { jobId } = await tx.generationItem.findUniqueOrThrow({ where: { id: itemId }, select: { jobId: true } });
    const job = await tx.generationJob.findUniqueOrThrow({ where: { id: jobId }, select: { status: true, startedAt: true } });
    const updated = await tx.generationJob.update({
      where: { id: jobId },
      data: {
        sequence: { increment: 1 },
        ...(job.status === 'queued' ? { status: 'running' } : {}),
        ...(job.startedAt ? {} : { startedAt: new Date() }),
      },
    });
    await publishInTx(tx, 'generation', jobId, { kind: 'image_started', jobId, itemId, sequence: updated.sequence });
    return true;
  });
}
