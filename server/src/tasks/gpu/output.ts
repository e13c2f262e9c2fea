import { decodeGenerated, makeThumbnail } from '../../providers/imaging/index.js';
import { assetKey } from '../../providers/storage/index.js';
import type { AppServices } from '../../services/app-services.js';

/** The first image of a worker-comfyui output (base64, or an s3_url to fetch). */
export async function firstOutputImage(output: unknown): Promise<Buffer> {
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

/**
 * A rendered image stored as an asset's files: the first output image decoded (it must be a real
 * image), its thumbnail made, both written under the asset's immutable keys in its bucket.
 */
export async function storeRendered(s: AppServices, output: unknown, o: { userId: string; influencerId: string; assetId: string; adult: boolean }) {
  const original = await decodeGenerated(await firstOutputImage(output)).catch(() => null);
  if (!original) throw new Error('The GPU returned an image that does not decode.');
  const thumb = await makeThumbnail(original.buffer);
  const ext = original.mimeType === 'image/jpeg' ? 'jpg' : original.mimeType.split('/')[1]!;
  const key = (variant: 'original' | 'thumb') => assetKey({ userId: o.userId, influencerId: o.influencerId, assetId: o.assetId, variant, ext });
  await Promise.all([
    s.storage.put(key('original'), original.buffer, { contentType: original.mimeType, adult: o.adult }),
    s.storage.put(key('thumb'), thumb.buffer, { contentType: 'image/webp', adult: o.adult }),
  ]);
  return {
    storageBucket: o.adult ? s.storage.buckets.adult : s.storage.buckets.regular,
    storageKey: key('original'),
    thumbnailKey: key('thumb'),
    mimeType: original.mimeType,
    width: original.width,
    height: original.height,
    bytes: original.buffer.length,
  };
}
