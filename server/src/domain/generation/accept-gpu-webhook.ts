import type { Db } from '../../db/client.js';
import { enqueue } from '../../tasks/catalog.js';
import { lockJobOfItem } from './locks.js';

/**
 * A RunPod webhook is unsigned: the unguessable per-attempt token in its URL identifies the image,
 * and its body is only a hint (the job id) that the completion task confirms with GET /status.
 * When the GPU finished before the submitter recorded the job id, the webhook adopts it.
 * Returns false for an unknown token (the caller answers 404).
 */
export async function acceptGpuWebhook(db: Db, token: string, runpodJobId: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return false;
  return db.$transaction(async (tx) => {
    const item = await tx.generationItem.findUnique({ where: { webhookToken: token }, select: { id: true, status: true, runpodJobId: true } });
    if (!item) return false;
    if (item.status === 'queued' && item.runpodJobId === null) {
      await lockJobOfItem(tx, item.id);
      const adopted = await tx.generationItem.updateMany({
        where: { id: item.id, status: 'queued', webhookToken: token },
        data: { status: 'submitted', runpodJobId, submittedAt: new Date() },
      });
      if (adopted.count) {
        const { jobId } = await tx.generationItem.findUniqueOrThrow({ where: { id: item.id }, select: { jobId: true } });
        await tx.generationJob.updateMany({ where: { id: jobId, status: 'queued' }, data: { status: 'running', startedAt: new Date() } });
      }
    } else if (item.status !== 'submitted' || item.runpodJobId !== runpodJobId) {
      return true; // a stale attempt's webhook: acknowledged, nothing to do
    }
    await enqueue(tx, 'complete_image', { itemId: item.id, runpodJobId }, { jobKey: `complete:${item.id}`, maxAttempts: 5 });
    return true;
  });
}
