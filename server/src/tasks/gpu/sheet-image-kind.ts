import type { GpuJob } from '../../generated/prisma/client.js';
import { buildSheetPrompt } from '../../domain/lora/sheet-prompt.js';
import { SHEET_SIZES, SHEET_STEPS, shotOf } from '../../domain/lora/sheet-shots.js';
import type { StoredSheetImage } from '../../domain/lora/sheet-image-owner.js';
import { buildTextToImage } from '../../providers/comfy/index.js';
import type { AppServices } from '../../services/app-services.js';
import { storeRendered } from './output.js';
import type { GpuKindRunner } from './runner.js';

const FACE_IMAGE = 'reference_face.png';

/** A character-sheet shot: Flux Dev + PuLID face reference on the base image, the shot's prompt and seed. */
export function sheetImageKind(s: AppServices): GpuKindRunner {
  const load = (job: GpuJob) => s.db.characterSheetImage.findUniqueOrThrow({ where: { id: job.characterSheetImageId! }, include: { sheetJob: { include: { influencer: true } } } });
  const workflowOf = (image: Awaited<ReturnType<typeof load>>) => {
    const shot = shotOf(image.shot);
    const { prompt } = buildSheetPrompt(image.sheetJob.influencer, shot);
    const size = SHEET_SIZES[shot.framing];
    const workflow = buildTextToImage({
      engine: 'flux_dev',
      model: s.env.FLUX_CHECKPOINT,
      prompt,
      ...size,
      steps: SHEET_STEPS,
      seed: Number(image.seed),
      faceReference: { imageName: FACE_IMAGE },
      filenamePrefix: `cs_sheet_${image.id}`,
    });
    return { workflow, prompt };
  };
  return {
    async buildInput(gpuJob) {
      const image = await load(gpuJob);
      const base = await s.db.imageAsset.findUniqueOrThrow({ where: { id: image.sheetJob.baseAssetId } });
      const face = (await s.storage.get(base.storageKey, { adult: base.nsfw })).toString('base64');
      return { workflow: workflowOf(image).workflow, images: [{ name: FACE_IMAGE, image: face }] };
    },

    async collect(gpuJob, output): Promise<StoredSheetImage> {
      const image = await load(gpuJob);
      const { sheetJob } = image;
      // A replacement (the face drifted) is a new asset, named by its attempt: keys never change.
      const assetId = image.replacements > 0 && gpuJob.currentAttemptId ? gpuJob.currentAttemptId : image.id;
      const stored = await storeRendered(s, output, { userId: sheetJob.userId, influencerId: sheetJob.influencerId, assetId, adult: false });
      const { prompt } = workflowOf(image);
      return {
        assetId,
        ...stored,
        prompt,
        steps: SHEET_STEPS,
        scoreIdentity: s.faces !== null,
      };
    },
  };
}
