import sharp, { type Metadata } from 'sharp';
import { fromSharpError, ImagingError } from './errors.js';

export type ImageFormat = 'png' | 'jpeg' | 'webp';

export const MIME: Record<ImageFormat, 'image/png' | 'image/jpeg' | 'image/webp'> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

// A worker decodes many independent images at once: one libvips thread per image and parallelism
// from libuv's pool beats several threads fighting over each image. Every image is unique, so
// libvips' operation cache only holds memory.
sharp.concurrency(1);
sharp.cache(false);

/**
 * Magic bytes decide which decoder may see the data at all, so SVG (librsvg), GIF, TIFF, HEIF and
 * friends never reach a parser however they are named or labelled.
 */
export function sniff(buf: Buffer): ImageFormat | null {
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0x89504e47 && buf.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  return null;
}

export interface Header {
  format: ImageFormat;
  /** As displayed, i.e. after EXIF orientation. */
  width: number;
  height: number;
}

/**
 * Reads only the header (no pixel buffer is allocated), so a decompression bomb is refused on its
 * declared size before anything is decoded.
 */
export async function readHeader(buf: Buffer, maxPixels: number): Promise<Header> {
  const format = sniff(buf);
  if (!format) throw new ImagingError('UNSUPPORTED_FORMAT', 'Only PNG, JPEG and WebP images are accepted');
  let meta: Metadata;
  try {
    meta = await sharp(buf, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw fromSharpError(err);
  }
  if (meta.format !== format) throw new ImagingError('UNSUPPORTED_FORMAT', 'Only PNG, JPEG and WebP images are accepted');
  const { width, height } = meta.autoOrient ?? meta;
  if (!width || !height) throw new ImagingError('CORRUPT', 'The image has no dimensions');
  if (width * height > maxPixels) {
    throw new ImagingError('TOO_MANY_PIXELS', `The image is ${width}×${height}, more than ${maxPixels} pixels`);
  }
  return { format, width, height };
}
