import type { Task } from 'graphile-worker';
import { reconcileGpuJobs } from '../../domain/gpu-jobs/reconcile.js';
import { enqueue } from '../../queue/catalog.js';
import type { Tx } from '../../db/client.js';
import type { AppServices } from '../../services/app-services.js';

/** The periodic safety net for every GPU job kind; schedules its own next run. */
export function gpuReconcileTask(s: AppServices): Task {
  return async () => {
    const done = await reconcileGpuJobs(s.db, s.env.RECONCILE_MIN_AGE_MS);
    if (done.failed) s.log(`reconcile: failed ${done.failed} GPU job(s) the queue gave up on`);
    await s.db.$transaction((tx) => scheduleReconcile(tx, s.env.RECONCILE_INTERVAL_MS));
  };
}

/** (Re)schedules the reconcile; its single job key keeps exactly one pending run. */
export function scheduleReconcile(tx: Tx, delayMs: number) {
  return enqueue(tx, 'gpu_reconcile', {}, { runAt: new Date(Date.now() + delayMs) });
}
