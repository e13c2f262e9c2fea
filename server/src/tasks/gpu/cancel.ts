import type { Task } from 'graphile-worker';
import { endpointId } from '../../domain/gpu-jobs/policy.js';
import { settleUsage } from '../../domain/gpu-jobs/settle.js';
import { interpretJob, RunpodError } from '../../providers/runpod/index.js';
import { parsePayload } from '../../queue/catalog.js';
import type { AppServices } from '../../services/app-services.js';

/** Cancels an attempt's RunPod job (cancelled work, or an attempt another one superseded) and records what it ran for. */
export function gpuCancelTask(s: AppServices): Task {
  return async (payload) => {
    const { attemptId } = parsePayload('gpu_cancel', payload);
    const attempt = await s.db.gpuJobAttempt.findUnique({ where: { id: attemptId }, include: { gpuJob: true } });
    if (!attempt?.runpodJobId || attempt.settledAt) return;
    const endpoint = endpointId(s.env, attempt.gpuJob.endpoint);
    try {
      await s.gpu.cancel(endpoint, attempt.runpodJobId);
      // /cancel answers {id, status} only: the time it ran (and so its cost) comes from /status.
      // One not final yet is settled by the reconcile, which checks superseded attempts too.
      const status = await s.gpu.status(endpoint, attempt.runpodJobId);
      if (interpretJob(status).state !== 'pending')
        await settleUsage(s.db, s.env, attempt.gpuJob, attemptId, { status: status.status, delayMs: status.delayTime, executionMs: status.executionTime });
    } catch (e) {
      if (!(e instanceof RunpodError && e.code === 'NOT_FOUND')) throw e;
    }
  };
}
