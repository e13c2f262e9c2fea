import type { Db } from '../../db/client.js';
import { enqueue } from '../../queue/catalog.js';
import { failStranded, gaveUp } from './fail-stranded.js';

/**
 * The safety net for every kind of GPU work, run periodically:
 * - attempts on the GPU longer than `minAgeMs` get a status check (a webhook may never come —
 *   RunPod tries it only three times — or the job hangs), unless one is running already;
 * - queued GPU jobs whose submission the job queue gave up on (its own attempts exhausted by
 *   unexpected errors) are failed with the reason, so no image stays queued for ever; queued ones
 *   with no submission at all (e.g. rows carried over by a migration) are submitted.
 * Returns what it did, for logs and tests.
 */
export async function reconcileGpuJobs(db: Db, minAgeMs: number): Promise<{ checked: number; failed: number; resubmitted: number }> {
  const before = new Date(Date.now() - minAgeMs);
  const due = await db.gpuJobAttempt.findMany({
    where: { status: { in: ['submitted', 'superseded'] }, runpodJobId: { not: null }, settledAt: null, submittedAt: { lt: before } },
    select: { id: true },
    orderBy: { submittedAt: 'asc' },
    take: 500,
  });
  // A settle that is running (collecting a result: a LoRA's download and probe take a while) is not
  // doubled: the queue's job key only dedupes jobs that wait, not the one a worker holds.
  const keys = due.map((a) => `gpu_settle:${a.id}`);
  const running = keys.length
    ? new Set((await db.$queryRaw<{ key: string }[]>`SELECT key FROM graphile_worker._private_jobs WHERE key = ANY(${keys}) AND locked_at IS NOT NULL`).map((j) => j.key))
    : new Set<string>();
  const onGpu = due.filter((a) => !running.has(`gpu_settle:${a.id}`));
  const stranded = await db.$queryRaw<{ id: string; dead: boolean; lastError: string | null }[]>`
    SELECT g.id, (j.id IS NOT NULL) AS dead, j.last_error AS "lastError"
    FROM "GpuJob" g
    LEFT JOIN graphile_worker._private_jobs j ON j.key = 'gpu_submit:' || g.id::text
    WHERE g.status = 'queued' AND g."updatedAt" < ${before}
      AND (j.id IS NULL OR (j.attempts >= j.max_attempts AND j.locked_at IS NULL))
    LIMIT 500`;
  let failed = 0;
  await db.$transaction(async (tx) => {
    for (const a of onGpu) await enqueue(tx, 'gpu_settle', { attemptId: a.id });
    for (const s of stranded.filter((x) => !x.dead)) await enqueue(tx, 'gpu_submit', { gpuJobId: s.id });
  });
  for (const s of stranded.filter((x) => x.dead)) {
    if (await failStranded(db, s.id, gaveUp(s.lastError ?? 'an internal error'))) failed++;
  }
  return { checked: onGpu.length, failed, resubmitted: stranded.length - failed };
}
