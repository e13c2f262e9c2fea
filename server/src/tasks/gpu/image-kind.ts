import type { GpuJob } from '../../generated/prisma/client.js';
import { buildTextToImage, type ComfyInputImage } from '../../providers/comfy/index.js';
import type { Place } from '../../providers/storage/index.js';
import type { AppServices } from '../../services/app-services.js';
import type { StoredImage } from '../../domain/generation/settle-item.js';
import type { GpuKindRunner } from './runner.js';
import { modelConfig, modelFor } from '../../domain/generation/models.js';
import { storeRendered } from './output.js';

const FACE_IMAGE = 'reference_face.png';

/** A pack image: Flux / Z-Image text-to-image (face reference or LoRA), stored with its thumbnail. */
export function imageKind(s: AppServices): GpuKindRunner {
  const faces = referenceFaces(s);
  const load = (job: GpuJob) =>
    s.db.generationItem.findUniqueOrThrow({ where: { id: job.generationItemId! }, include: { job: { include: { influencer: { include: { baseImage: true } } } } } });
  return {
    async buildInput(gpuJob) {
      const item = await load(gpuJob);
      const { job } = item;
      const images: ComfyInputImage[] = [];
      const base = job.influencer.baseImage;
      if (job.mode === 'face_ref' && base) images.push({ name: FACE_IMAGE, image: await faces(base.storageKey, { adult: base.nsfw, bucket: base.storageBucket }) });
      const workflow = buildTextToImage({
        engine: job.engine,
        model: modelFor(modelConfig(s.env), job.engine, job.nsfw),
        prompt: job.prompt,
        width: job.width,
        height: job.height,
        steps: job.steps,
        seed: Number(item.seed),
        lora: job.mode === 'lora' && job.loraModelKey ? { name: job.loraModelKey } : undefined,
        faceReference: images.length ? { imageName: FACE_IMAGE } : undefined,
        filenamePrefix: `cs_${item.id}`,
      });
      return { workflow, images };
    },

    async collect(gpuJob, output): Promise<StoredImage> {
      const item = await s.db.generationItem.findUniqueOrThrow({ where: { id: gpuJob.generationItemId! }, include: { job: true } });
      const { job } = item;
      // Keys never change: a re-render (the first render's face drifted) is a new asset, named by its attempt.
      const assetId = item.identityRetries > 0 && gpuJob.currentAttemptId ? gpuJob.currentAttemptId : item.id;
      const stored = await storeRendered(s, output, { userId: job.userId, influencerId: job.influencerId, assetId, adult: job.nsfw });
      return {
        ...stored,
        ...(assetId !== item.id && { assetId }),
        scoreIdentity: s.faces !== null,
      };
    },
  };
}

/**
 * Base images are immutable (a new upload is a new asset), and every image of a pack sends the
 * same one: keep the last few, base64-encoded, instead of reading storage once per image.
 */
function referenceFaces(s: AppServices, max = 16) {
  const cache = new Map<string, Promise<string>>();
  return (key: string, place: Place): Promise<string> => {
    let face = cache.get(key);
    if (!face) {
      face = s.storage.get(key, place).then((bytes) => bytes.toString('base64'));
      face.catch(() => cache.delete(key));
      cache.set(key, face);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
    }
    return face;
  };
}
