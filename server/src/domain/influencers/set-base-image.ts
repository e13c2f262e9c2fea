import type { Env } from '../../config/env.js';
import type { Db } from '../../db/client.js';
import { decodeUpload, ImagingError, makeThumbnail } from '../../providers/imaging/index.js';
import { assetKey, type Storage } from '../../providers/storage/index.js';
import type { FaceAnalyzer } from '../../providers/faces/index.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { prominentFaces, roundBox } from '../identity/faces.js';
import { lockInfluencer } from '../lora/locks.js';
import { startSheetInTx } from '../lora/start-sheet.js';
import { randomUUID } from 'node:crypto';

export interface BaseImageDeps {
  db: Db;
  /** LORA_PIPELINE=on: the new base image starts a character sheet (then a LoRA training) */
  env: Env;
  storage: Storage;
  maxBytes: number;
  maxPixels: number;
  /** null when identity scoring is off: the photo is then stored without a face check */
  faces: FaceAnalyzer | null;
}

const EXT = { png: 'png', jpeg: 'jpg', webp: 'webp' } as const;

/**
 * Stores an uploaded photo as the influencer's base image (the reference face of face-reference
 * mode) after validating it by decoding and finding exactly one face in it: that face's
 * descriptor is what every image of the influencer is scored against. The previous base image
 * stays in the gallery. With LORA_PIPELINE=on the same transaction starts a character sheet of it.
 */
export async function setBaseImage(deps: BaseImageDeps, userId: string, influencerId: string, file: { bytes: Buffer }) {
  const influencer = await deps.db.influencer.findFirst({ where: { id: influencerId, userId } });
  if (!influencer) throw new NotFoundError('Influencer', influencerId);
  let image;
  try {
    image = await decodeUpload(file.bytes, { maxBytes: deps.maxBytes, maxPixels: deps.maxPixels });
  } catch (e) {
    if (e instanceof ImagingError) throw new InvalidInputError(e.message, [{ path: ['image'], message: `${e.code}: ${e.message}` }]);
    throw e;
  }
  const face = deps.faces ? await referenceFace(deps.faces, image.buffer) : null;
  const thumb = await makeThumbnail(image.buffer);
  const assetId = randomUUID();
  const bucket = deps.storage.buckets.regular;
  const key = (variant: 'original' | 'thumb') => assetKey({ userId, influencerId, assetId, variant, ext: EXT[image.format] });
  await Promise.all([
    deps.storage.put(key('original'), image.buffer, { contentType: image.mimeType, adult: false, bucket }),
    deps.storage.put(key('thumb'), thumb.buffer, { contentType: 'image/webp', adult: false, bucket }),
  ]);
  return deps.db.$transaction(async (tx) => {
    await tx.imageAsset.create({
      data: {
        id: assetId,
        userId,
        influencerId,
        kind: 'base',
        storageBucket: bucket,
        storageKey: key('original'),
        thumbnailKey: key('thumb'),
        mimeType: image.mimeType,
        width: image.width,
        height: image.height,
        bytes: image.buffer.length,
        identityStatus: 'reference',
        ...(face && { faceDescriptor: face.descriptor, faceBox: roundBox(face.box), identityModel: deps.faces!.model }),
      },
    });
    await lockInfluencer(tx, influencerId);
    const updated = await tx.influencer.update({ where: { id: influencerId }, data: { baseImageAssetId: assetId } });
    if (deps.env.LORA_PIPELINE === 'off') return updated;
    await startSheetInTx(tx, deps.env, influencerId);
    return tx.influencer.findUniqueOrThrow({ where: { id: influencerId } });
  });
}

/** The one face of a base photo, or an InvalidInput the creator can act on. */
async function referenceFace(faces: FaceAnalyzer, bytes: Buffer) {
  const found = prominentFaces(await faces.analyze(bytes, 'interactive'));
  if (found.length === 0) {
    const message = "We found no face in this photo. Upload a clear photo of your influencer's face (front-facing, well lit, not covered).";
    throw new InvalidInputError(message, [{ path: ['image'], message: `NO_FACE: ${message}` }]);
  }
  if (found.length > 1) {
    const message = `We found ${found.length} faces in this photo. Use a photo where your influencer is alone, so every image is compared with the right face.`;
    throw new InvalidInputError(message, [{ path: ['image'], message: `SEVERAL_FACES: ${message}` }]);
  }
  return found[0]!;
}
