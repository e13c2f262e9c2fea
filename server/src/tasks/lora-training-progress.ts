import type { Task } from 'graphile-worker';
import { endpointId } from '../domain/gpu-jobs/policy.js';
import { markRunning } from '../domain/gpu-jobs/settle.js';
import { recordTrainingProgress, trainerProgressOf } from '../domain/lora/training-progress.js';
import { enqueue, parsePayload } from '../queue/catalog.js';
import type { AppServices } from '../services/app-services.js';

/**
 * While a LoRA training's GPU job is live, reads GET /status every LORA_PROGRESS_POLL_MS and
 * records the trainer's { stage, step, total } (pushed as LoraTrainingProgress); ends itself with
 * the training. Completion is not decided here: the webhook and the reconcile settle the job.
 */
export function loraTrainingProgressTask(s: AppServices): Task {
  return async (payload) => {
    const { loraTrainingJobId } = parsePayload('lora_training_progress', payload);
    const gpuJob = await s.db.gpuJob.findUnique({ where: { loraTrainingJobId }, include: { loraTraining: { select: { status: true } } } });
    if (!gpuJob || !['queued', 'submitted', 'running'].includes(gpuJob.status) || !['pending', 'running'].includes(gpuJob.loraTraining?.status ?? '')) return;
    if (gpuJob.runpodJobId && gpuJob.currentAttemptId) {
      const status = await s.gpu.status(endpointId(s.env, gpuJob.endpoint), gpuJob.runpodJobId).catch(() => null);
      const progress = status && (status.status === 'IN_PROGRESS' || status.status === 'RUNNING') ? trainerProgressOf(status.output) : null;
      if (status && status.status !== 'IN_QUEUE' && progress) await markRunning(s.db, gpuJob.id, gpuJob.currentAttemptId, progress);
      if (progress) await recordTrainingProgress(s.db, loraTrainingJobId, progress);
    }
    await s.db.$transaction((tx) => enqueue(tx, 'lora_training_progress', { loraTrainingJobId }, { runAt: new Date(Date.now() + s.env.LORA_PROGRESS_POLL_MS) }));
  };
}
