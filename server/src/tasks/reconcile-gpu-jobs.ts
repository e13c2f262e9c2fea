import type { Task } from 'graphile-worker';
import type { AppServices } from '../main/services.js';
import { enqueue } from './catalog.js';

export const RECONCILE_JOB_KEY = 'reconcile_gpu_jobs';

/**
 * Safety net for webhooks that never arrive (RunPod retries a webhook only twice) and for GPU
 * jobs that hang: queues a status check for every image submitted longer ago than
 * RECONCILE_MIN_AGE_MS, then schedules its own next run.
 */
export function reconcileGpuJobsTask(s: AppServices): Task {
  return async (payload) => {
    void payload;
    const before = new Date(Date.now() - s.env.RECONCILE_MIN_AGE_MS);
    const stale = await s.db.generationItem.findMany({
      where: { status: 'submitted', submittedAt: { lt: before }, runpodJobId: { not: null } },
      select: { id: true, runpodJobId: true },
      orderBy: { submittedAt: 'asc' },
      take: 500,
    });
    await s.db.$transaction(async (tx) => {
      for (const item of stale) {
        await enqueue(tx, 'complete_image', { itemId: item.id, runpodJobId: item.runpodJobId! }, { jobKey: `complete:${item.id}`, maxAttempts: 5 });
      }
      await scheduleReconcile(tx, s.env.RECONCILE_INTERVAL_MS);
    });
  };
}

/** (Re)schedules the reconcile; a single job key keeps exactly one pending run. */
export function scheduleReconcile(tx: Parameters<typeof enqueue>[0], delayMs: number) {
  return enqueue(tx, 'reconcile_gpu_jobs', {}, { jobKey: RECONCILE_JOB_KEY, jobKeyMode: 'replace', runAt: new Date(Date.now() + delayMs), maxAttempts: 100 });
}
