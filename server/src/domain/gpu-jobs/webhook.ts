import type { Db } from '../../db/client.js';
import { enqueue } from '../../queue/catalog.js';
import { lockGpuJob } from './lock.js';
import { adoptInTx } from './submit.js';

/**
 * One webhook route for every kind of GPU work. RunPod webhooks are unsigned: the unguessable
 * per-attempt token in the URL names the attempt, and the body is only a hint (the RunPod job id)
 * that the settle task confirms with GET /status. A webhook that arrives before /run answered
 * (or after /run timed out) adopts its RunPod job, so no paid job runs unowned.
 * Returns false for an unknown token (the caller answers 404).
 */
export async function acceptGpuWebhook(db: Db, token: string, runpodJobId: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return false;
  const found = await db.gpuJobAttempt.findUnique({
    where: { webhookToken: token },
    select: { id: true, gpuJob: { select: { id: true, kind: true, generationItemId: true, loraTrainingJobId: true, editJobId: true } } },
  });
  if (!found) return false;
  await db.$transaction(async (tx) => {
    const job = await lockGpuJob(tx, found.gpuJob);
    const attempt = await tx.gpuJobAttempt.findUniqueOrThrow({ where: { id: found.id } });
    if (!job || attempt.settledAt) return;
    if (attempt.runpodJobId && attempt.runpodJobId !== runpodJobId) return; // forged or stale body: acknowledged, ignored
    if (!attempt.runpodJobId) await adoptInTx(tx, job, attempt, runpodJobId);
    await enqueue(tx, 'gpu_settle', { attemptId: attempt.id });
  });
  return true;
}
