import sharp from 'sharp';
import { fromSharpError, ImagingError } from './errors.js';
import { MIME, readHeader, type ImageFormat } from './formats.js';
import { rememberThumbnail, THUMB_WIDTH, thumbnailPipeline } from './thumbnail.js';

export interface DecodedUpload {
  buffer: Buffer;
  format: ImageFormat;
  mimeType: string;
  width: number;
  height: number;
}

// 'error' rather than sharp's default 'warning': phone JPEGs often carry harmless warnings
// (extraneous bytes, odd markers), and the bytes are re-encoded anyway, so only real damage counts.
const FAIL_ON = 'error' as const;

/**
 * Validates an upload by decoding it fully (PNG/JPEG/WebP only), with a byte cap and a pixel cap
 * checked on the header before decoding (and sharp's limitInputPixels as a backstop). Returns a
 * normalised image: auto-rotated by EXIF, re-encoded in its own format, metadata (EXIF/GPS, XMP,
 * comments) stripped and colours converted to sRGB.
 */
export async function decodeUpload(buf: Buffer, o: { maxBytes: number; maxPixels: number }): Promise<DecodedUpload> {
  if (buf.length > o.maxBytes) throw new ImagingError('TOO_LARGE', `The file is larger than ${o.maxBytes} bytes`);
  const header = await readHeader(buf, o.maxPixels);
  const input = sharp(buf, { failOn: FAIL_ON, limitInputPixels: o.maxPixels, autoOrient: true });
  const encoded =
    header.format === 'png'
      ? input.png({ compressionLevel: 6 })
      : header.format === 'jpeg'
        ? input.jpeg({ quality: 92, chromaSubsampling: '4:4:4' })
        : input.webp({ quality: 92, effort: 4 });
  try {
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { buffer: data, format: header.format, mimeType: MIME[header.format], width: info.width, height: info.height };
  } catch (err) {
    throw fromSharpError(err);
  }
}

export interface DecodedGenerated {
  buffer: Buffer;
  mimeType: 'image/png' | 'image/webp' | 'image/jpeg';
  width: number;
  height: number;
}

/**
 * Validates a generated image (GPU output, base64 already decoded) by decoding it fully and
 * returns it as-is for storage. The decode is the expensive part, so the same pass produces the
 * 300 px thumbnail, which makeThumbnail(result.buffer) then returns without decoding again.
 */
export async function decodeGenerated(buf: Buffer, o: { maxPixels?: number } = {}): Promise<DecodedGenerated> {
  const maxPixels = o.maxPixels ?? 8192 * 8192;
  const header = await readHeader(buf, maxPixels);
  try {
    const input = sharp(buf, { failOn: FAIL_ON, limitInputPixels: maxPixels, autoOrient: true });
    const { data, info } = await thumbnailPipeline(input, THUMB_WIDTH).toBuffer({ resolveWithObject: true });
    rememberThumbnail(buf, { buffer: data, width: info.width, height: info.height });
  } catch (err) {
    throw fromSharpError(err);
  }
  return { buffer: buf, mimeType: MIME[header.format], width: header.width, height: header.height };
}
