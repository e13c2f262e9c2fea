import type { Tx } from '../../db/client.js';
import { isLive } from './lock.js';
import { cancelOtherAttempts } from './transitions.js';

/**
 * Cancels the GPU work of an owner inside the owner's transaction (which already holds its lock):
 * the job ends `cancelled`, and every RunPod job it started is cancelled by id in the background.
 * An attempt whose /run is still on its way is cancelled when /run answers.
 */
export async function cancelGpuJobInTx(tx: Tx, where: { generationItemId: string } | { editJobId: string } | { loraTrainingJobId: string }): Promise<void> {
  const job = await tx.gpuJob.findFirst({ where });
  if (!job || !isLive(job)) return;
  await tx.gpuJob.update({ where: { id: job.id }, data: { status: 'cancelled', errorClass: 'cancelled', error: 'Cancelled', completedAt: new Date(), currentAttemptId: null } });
  await cancelOtherAttempts(tx, job.id, null);
}
