import type { Task } from 'graphile-worker';
import { completeItem, failItem, requeueItem } from '../domain/generation/settle-item.js';
import type { AppServices } from '../main/services.js';
import { decodeGenerated, makeThumbnail } from '../providers/imaging/index.js';
import { interpretJob, RunpodError } from '../providers/runpod/index.js';
import { assetKey } from '../providers/storage/index.js';
import { parsePayload } from './catalog.js';
import { gpuRetryDelay, imageEndpoint } from './gpu-endpoints.js';

/**
 * Confirms a GPU job's state with GET /status (webhooks are unsigned hints), then completes the
 * image (decode → original + 300 px WebP thumbnail → storage → asset → charge → event), retries it
 * after a transient failure, or fails it (refunded). Idempotent: acts only while the image waits
 * for exactly this GPU job.
 */
export function completeImageTask(s: AppServices): Task {
  return async (payload) => {
    const { itemId, runpodJobId } = parsePayload('complete_image', payload);
    const item = await s.db.generationItem.findUnique({ where: { id: itemId }, include: { job: true } });
    if (!item || item.status !== 'submitted' || item.runpodJobId !== runpodJobId) return;
    const { job } = item;
    const endpoint = imageEndpoint(s.env, job.nsfw);

    const fail = async (message: string, permanent: boolean) => {
      if (!permanent && item.attempts < s.env.GPU_MAX_ATTEMPTS) {
        await requeueItem(s.db, item.id, runpodJobId, message, gpuRetryDelay(s.env, item.attempts));
      } else {
        await failItem(s.db, item.id, message, permanent ? 'permanent' : 'transient', runpodJobId);
      }
    };

    let status;
    try {
      status = await s.gpu.status(endpoint, runpodJobId);
    } catch (e) {
      if (e instanceof RunpodError && e.code === 'NOT_FOUND') return fail('The GPU job expired before its result was collected.', false);
      throw e; // network trouble: graphile-worker retries this task with backoff
    }
    const outcome = interpretJob(status);
    if (outcome.state === 'pending') {
      const age = Date.now() - (item.submittedAt?.getTime() ?? Date.now());
      if (age > s.env.GPU_EXECUTION_TIMEOUT_MS + 60_000) {
        await s.gpu.cancel(endpoint, runpodJobId).catch(() => {});
        await fail(`The GPU job did not finish within ${Math.round(s.env.GPU_EXECUTION_TIMEOUT_MS / 1000)} s.`, false);
      }
      return;
    }
    if (outcome.state !== 'completed') {
      return fail(outcome.failure?.message ?? 'The GPU job was cancelled.', outcome.failure?.permanent ?? false);
    }

    let bytes: Buffer;
    try {
      bytes = await firstImage(outcome.output);
    } catch (e) {
      return fail((e as Error).message, false);
    }
    const original = await decodeGenerated(bytes).catch(() => null);
    if (!original) return fail('The GPU returned an image that does not decode.', false);
    const thumb = await makeThumbnail(original.buffer);
    const ext = original.mimeType.split('/')[1] === 'jpeg' ? 'jpg' : original.mimeType.split('/')[1]!;
    const key = (variant: 'original' | 'thumb') => assetKey({ userId: job.userId, influencerId: job.influencerId, assetId: item.id, variant, ext });
    await Promise.all([
      s.storage.put(key('original'), original.buffer, { contentType: original.mimeType, adult: job.nsfw }),
      s.storage.put(key('thumb'), thumb.buffer, { contentType: 'image/webp', adult: job.nsfw }),
    ]);
    await completeItem(s.db, item.id, runpodJobId, {
      storageKey: key('original'),
      thumbnailKey: key('thumb'),
      mimeType: original.mimeType,
      width: original.width,
      height: original.height,
      bytes: original.buffer.length,
      gpuDelayMs: status.delayTime,
      gpuExecutionMs: status.executionTime,
    });
  };
}

/** The first image of a worker-comfyui output (base64, or an s3_url to fetch). */
async function firstImage(output: unknown): Promise<Buffer> {
  const images = (output as { images?: Array<{ type?: string; data?: string }> } | undefined)?.images;
  const first = images?.find((i) => typeof i?.data === 'string');
  if (!first?.data) throw new Error('The GPU job finished without an image.');
  if (first.type === 's3_url') {
    const res = await fetch(first.data);
    if (!res.ok) throw new Error(`Could not download the GPU output (${res.status}).`);
    return Buffer.from(await res.arrayBuffer());
  }
  return Buffer.from(first.data.replace(/^data:[^,]*,/, ''), 'base64');
}
