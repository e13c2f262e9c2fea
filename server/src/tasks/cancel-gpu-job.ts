import type { Task } from 'graphile-worker';
import type { AppServices } from '../main/services.js';
import { RunpodError } from '../providers/runpod/index.js';
import { parsePayload } from './catalog.js';
import { imageEndpoint } from './gpu-endpoints.js';

/** Cancels the GPU job of a cancelled image so it stops costing GPU time. */
export function cancelGpuJobTask(s: AppServices): Task {
  return async (payload) => {
    const { itemId, runpodJobId } = parsePayload('cancel_gpu_job', payload);
    const item = await s.db.generationItem.findUnique({ where: { id: itemId }, include: { job: { select: { nsfw: true } } } });
    if (!item) return;
    try {
      await s.gpu.cancel(imageEndpoint(s.env, item.job.nsfw), runpodJobId);
    } catch (e) {
      if (!(e instanceof RunpodError && e.code === 'NOT_FOUND')) throw e;
    }
  };
}
