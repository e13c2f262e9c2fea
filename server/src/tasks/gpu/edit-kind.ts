import type { GpuJob } from '../../generated/prisma/client.js';
import { buildInpaint } from '../../providers/comfy/index.js';
import { compositeEdit, cropForInpaint, decodeMask, decodeRgb, editRegion, makeThumbnail, prepareBlend, type Blend } from '../../providers/imaging/index.js';
import { assetKey } from '../../providers/storage/index.js';
import type { AppServices } from '../../services/app-services.js';
import type { StoredEdit } from '../../domain/edits/edit-owner.js';
import type { GpuKindRunner } from './runner.js';
import { firstOutputImage } from './output.js';

const SOURCE_IMAGE = 'edit_source.jpg';
const MASK_IMAGE = 'edit_mask.png';

/**
 * An inpaint edit: Flux Fill on a crop around the mask (a small mask gets the model's full
 * resolution), then the product's own composite — source pixels outside the grown mask, the
 * model's inside, a feathered band between — stored as a new EDITED asset.
 */
export function editKind(s: AppServices): GpuKindRunner {
  // The same edit is loaded to build its input and again to composite its output, usually in this
  // process moments apart: keep the last few decoded (source and mask never change).
  const recent = new Map<string, ReturnType<typeof read>>();
  const load = (job: GpuJob) => {
    const key = job.editJobId!;
    let hit = recent.get(key);
    if (!hit) {
      hit = read(job);
      hit.catch(() => recent.delete(key));
      recent.set(key, hit);
      if (recent.size > 4) recent.delete(recent.keys().next().value!);
    }
    return hit;
  };
  const read = async (job: GpuJob) => {
    const edit = await s.db.editJob.findUniqueOrThrow({ where: { id: job.editJobId! }, include: { source: true } });
    // An edit's files (mask, result) live beside its source, in the source's bucket.
    const place = { adult: edit.source.nsfw, bucket: edit.source.storageBucket };
    const [sourceBytes, maskBytes] = await Promise.all([s.storage.get(edit.source.storageKey, place), s.storage.get(edit.maskKey, place)]);
    const [source, mask] = await Promise.all([decodeRgb(sourceBytes), decodeMask(maskBytes)]);
    const region = editRegion(mask);
    // Made once, on the first ask: while the GPU works (whileRunning), or else by collect; a
    // failed one is forgotten, so the next attempt makes it again.
    let made: Promise<Blend> | undefined;
    const blend = () =>
      (made ??= prepareBlend(mask, region).catch((e: unknown) => {
        made = undefined;
        throw e;
      }));
    return { edit, source, mask, region, blend };
  };
  return {
    async buildInput(gpuJob) {
      const { edit, source, mask, region } = await load(gpuJob);
      const crop = await cropForInpaint(source, mask, region);
      const workflow = buildInpaint({
        model: '',
        sourceImageName: SOURCE_IMAGE,
        maskImageName: MASK_IMAGE,
        prompt: edit.prompt,
        // Flux Fill samples at cfg 1: a negative prompt would change nothing, so the graph has none.
        seed: Number(edit.seed),
        steps: edit.steps,
        filenamePrefix: `cs_edit_${edit.id}`,
      });
      return {
        workflow,
        images: [
          { name: SOURCE_IMAGE, image: crop.source.toString('base64') },
          { name: MASK_IMAGE, image: crop.mask.toString('base64') },
        ],
      };
    },

    whileRunning(gpuJob) {
      load(gpuJob)
        .then((e) => e.blend())
        .catch(() => {}); // collect makes it again, and reports what went wrong
    },

    async collect(gpuJob, output): Promise<StoredEdit> {
      const { edit, source, region, blend } = await load(gpuJob);
      const alpha = await blend();
      const png = await compositeEdit(source, alpha, region, await firstOutputImage(output)).catch(() => null);
      if (!png) throw new Error('The GPU returned an image that does not decode.');
      const thumb = await makeThumbnail(png);
      // The result's id is the attempt's: keys never change, and a retried edit is a new object.
      const assetId = gpuJob.currentAttemptId ?? edit.id;
      const key = (variant: 'original' | 'thumb') => assetKey({ userId: edit.userId, influencerId: edit.influencerId, assetId, variant, ext: 'png' });
      const place = { adult: edit.source.nsfw, bucket: edit.source.storageBucket };
      await Promise.all([
        s.storage.put(key('original'), png, { contentType: 'image/png', ...place }),
        s.storage.put(key('thumb'), thumb.buffer, { contentType: 'image/webp', ...place }),
      ]);
      return {
        assetId,
        storageBucket: edit.source.storageBucket,
        storageKey: key('original'),
        thumbnailKey: key('thumb'),
        mimeType: 'image/png',
        width: source.width,
        height: source.height,
        bytes: png.length,
        scoreIdentity: s.faces !== null,
      };
    },
  };
}
