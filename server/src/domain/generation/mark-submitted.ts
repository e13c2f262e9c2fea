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
    const jobId = await lockJobOfItem(tx, itemId);
    const recorded = await tx.generationItem.updateMany({
      where: { id: itemId, status: 'queued', webhookToken },
      data: { status: 'submitted', runpodJobId, submittedAt: new Date() },
    });
    if (!jobId || recorded.count === 0) return false;
    // One statement: next sequence, and the pack is running from its first submission.
    const [job] = await tx.$queryRaw<{ sequence: number }[]>`
      UPDATE "GenerationJob"
      SET sequence = sequence + 1,
          status = CASE WHEN status = 'queued' THEN 'running'::"GenerationJobStatus" ELSE status END,
          "startedAt" = COALESCE("startedAt", now())
      WHERE id = ${jobId}::uuid
      RETURNING sequence`;
    await publishInTx(tx, 'generation', jobId, { kind: 'image_started', jobId, itemId, sequence: job!.sequence });
    return true;
  });
}
