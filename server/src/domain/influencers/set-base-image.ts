import type { Db } from '../../db/client.js';
import { decodeUpload, ImagingError, makeThumbnail } from '../../providers/imaging/index.js';
import { assetKey, type Storage } from '../../providers/storage/index.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { randomUUID } from 'node:crypto';

export interface BaseImageDeps {
  db: Db;
  storage: Storage;
  maxBytes: number;
  maxPixels: number;
}

const EXT = { png: 'png', jpeg: 'jpg', webp: 'webp' } as const;

/**
 * Stores an uploaded photo as the influencer's base image (the reference face of face-reference
 * mode) after validating it by decoding. The previous base image stays in the gallery.
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
  const thumb = await makeThumbnail(image.buffer);
  const assetId = randomUUID();
  const key = (variant: 'original' | 'thumb') => assetKey({ userId, influencerId, assetId, variant, ext: EXT[image.format] });
  await Promise.all([
    deps.storage.put(key('original'), image.buffer, { contentType: image.mimeType, adult: false }),
    deps.storage.put(key('thumb'), thumb.buffer, { contentType: 'image/webp', adult: false }),
  ]);
  return deps.db.$transaction(async (tx) => {
    await tx.imageAsset.create({
      data: {
        id: assetId,
        userId,
        influencerId,
        kind: 'base',
        storageKey: key('original'),
        thumbnailKey: key('thumb'),
        mimeType: image.mimeType,
        width: image.width,
        height: image.height,
        bytes: image.buffer.length,
      },
    });
    return tx.influencer.update({ where: { id: influencerId }, data: { baseImageAssetId: assetId } });
  });
}
