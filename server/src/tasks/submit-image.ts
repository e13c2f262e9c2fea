import { randomBytes } from 'node:crypto';
import type { Task } from 'graphile-worker';
import { markSubmitted } from '../domain/generation/mark-submitted.js';
import { failItem } from '../domain/generation/settle-item.js';
import type { AppServices } from '../main/services.js';
import { buildTextToImage, type ComfyInputImage } from '../providers/comfy/index.js';
import { parsePayload } from './catalog.js';
import { imageEndpoint } from './gpu-endpoints.js';

const FACE_IMAGE = 'reference_face.png';

/**
 * Builds one image's ComfyUI workflow and submits it to the GPU with a per-attempt webhook token,
 * then returns: the worker slot is free while the GPU works (completion comes by webhook or
 * reconcile). Idempotent: only a queued image is submitted.
 */
export function submitImageTask(s: AppServices): Task {
  const faces = referenceFaces(s);
  return async (payload) => {
    const { itemId } = parsePayload('submit_image', payload);
    const item = await s.db.generationItem.findUnique({ where: { id: itemId }, include: { job: { include: { influencer: { include: { baseImage: true } } } } } });
    if (!item || item.status !== 'queued') return;
    const { job } = item;

    let input: { workflow: unknown; images: ComfyInputImage[] };
    try {
      const images: ComfyInputImage[] = [];
      const base = job.influencer.baseImage;
      if (job.mode === 'face_ref' && base) {
        images.push({ name: FACE_IMAGE, image: await faces(base.storageKey, base.nsfw) });
      }
      const workflow = buildTextToImage({
        engine: job.engine,
        model: job.engine === 'z_image_turbo' ? s.env.Z_IMAGE_UNET : job.nsfw ? s.env.FLUX_NSFW_CHECKPOINT : s.env.FLUX_CHECKPOINT,
        prompt: job.prompt,
        negativePrompt: job.negativePrompt,
        width: job.width,
        height: job.height,
        steps: job.steps,
        seed: Number(item.seed),
        lora: job.mode === 'lora' && job.loraModelKey ? { name: job.loraModelKey } : undefined,
        faceReference: images.length ? { imageName: FACE_IMAGE } : undefined,
        filenamePrefix: `cs_${item.id}`,
      });
      input = { workflow, images };
    } catch (e) {
      await failItem(s.db, item.id, `Could not build the workflow: ${(e as Error).message}`, 'permanent');
      return;
    }

    const token = randomBytes(24).toString('base64url');
    const claimed = await s.db.generationItem.updateMany({ where: { id: item.id, status: 'queued' }, data: { webhookToken: token, attempts: { increment: 1 } } });
    if (claimed.count === 0) return;
    const endpoint = imageEndpoint(s.env, job.nsfw);
    const { id: runpodJobId } = await s.gpu.run(endpoint, input, {
      webhook: `${s.publicUrl()}/webhooks/runpod/${token}`,
      policy: { executionTimeout: s.env.GPU_EXECUTION_TIMEOUT_MS },
    });
    if (!(await markSubmitted(s.db, item.id, token, runpodJobId))) {
      // Either the webhook already adopted this GPU job (fast GPU), or the image was cancelled.
      const now = await s.db.generationItem.findUnique({ where: { id: item.id }, select: { runpodJobId: true } });
      if (now?.runpodJobId !== runpodJobId) await s.gpu.cancel(endpoint, runpodJobId).catch(() => {});
    }
  };
}

/**
 * Base images are immutable (a new upload is a new asset), and every image of a pack sends the
 * same one: keep the last few, base64-encoded, instead of reading storage once per image.
 */
function referenceFaces(s: AppServices, max = 16) {
  const cache = new Map<string, Promise<string>>();
  return (key: string, adult: boolean): Promise<string> => {
    let face = cache.get(key);
    if (!face) {
      face = s.storage.get(key, { adult }).then((bytes) => bytes.toString('base64'));
      face.catch(() => cache.delete(key));
      cache.set(key, face);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
    }
    return face;
  };
}
