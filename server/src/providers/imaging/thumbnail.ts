import sharp, { type Sharp } from 'sharp';
import { fromSharpError, ImagingError } from './errors.js';
import { sniff } from './formats.js';

export interface Thumbnail {
  buffer: Buffer;
  width: number;
  height: number;
}

export const THUMB_WIDTH = 300;
// Effort 2 of 6: a thumbnail is re-encoded per image and is small either way; higher efforts cost
// more CPU than the bytes they save are worth here.
const THUMB_WEBP = { quality: 80, effort: 2 } as const;

// Thumbnails made as a by-product of decodeGenerated's full decode, keyed by the very Buffer it
// returned, so decodeGenerated → makeThumbnail decodes the image once. Weak keys: an entry lives
// exactly as long as the caller holds the image.
const byProduct = new WeakMap<Buffer, Thumbnail>();

export function rememberThumbnail(source: Buffer, thumb: Thumbnail): void {
  byProduct.set(source, thumb);
}

/** The sharp pipeline for a thumbnail; also used by decodeGenerated to decode and thumbnail in one pass. */
export function thumbnailPipeline(input: Sharp, width: number): Sharp {
  // fastShrinkOnLoad lets JPEG/WebP decode at a fraction of full size; PNG is always read in full.
  return input.resize({ width, fastShrinkOnLoad: true }).webp(THUMB_WEBP);
}

/**
 * A WebP thumbnail exactly `width` px wide (default 300), the height keeping the ratio. Returns
 * decodeGenerated's by-product when given the buffer it returned (do not mutate that buffer).
 */
export async function makeThumbnail(buf: Buffer, width = THUMB_WIDTH): Promise<Thumbnail> {
  const cached = width === THUMB_WIDTH ? byProduct.get(buf) : undefined;
  if (cached) return cached;
  if (!sniff(buf)) throw new ImagingError('UNSUPPORTED_FORMAT', 'Only PNG, JPEG and WebP images are accepted');
  try {
    const input = sharp(buf, { failOn: 'error', autoOrient: true });
    const { data, info } = await thumbnailPipeline(input, width).toBuffer({ resolveWithObject: true });
    return { buffer: data, width: info.width, height: info.height };
  } catch (err) {
    throw fromSharpError(err);
  }
}
