import type { Db } from '../../db/client.js';
import { enqueue } from '../../queue/catalog.js';
import { lockGpuJob, type GpuJobRef } from './lock.js';
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
  // The attempt and what locking its job needs, in one statement (every webhook starts here).
  const [found] = await db.$queryRaw<(GpuJobRef & { attemptId: string })[]>`
    SELECT a.id AS "attemptId", g.id, g.kind::text AS kind, g."generationItemId", g."loraTrainingJobId", g."editJobId"
    FROM "GpuJobAttempt" a JOIN "GpuJob" g ON g.id = a."gpuJobId" WHERE a."webhookToken" = ${token}`;
  if (!found) return false;
  await db.$transaction(async (tx) => {
    const job = await lockGpuJob(tx, found);
    const attempt = await tx.gpuJobAttempt.findUniqueOrThrow({ where: { id: found.attemptId } });
    if (!job || attempt.settledAt) return;
    if (attempt.runpodJobId && attempt.runpodJobId !== runpodJobId) return; // forged or stale body: acknowledged, ignored
    if (!attempt.runpodJobId) await adoptInTx(tx, job, attempt, runpodJobId);
    await enqueue(tx, 'gpu_settle', { attemptId: attempt.id });
  });
  return true;
}
