import sharp from 'sharp';
import { fromSharpError, ImagingError } from './errors.js';
import { readHeader } from './formats.js';

export interface PreparedMask {
  /** 8-bit greyscale PNG, only 0 and 255; white = edit. */
  buffer: Buffer;
  /** Fraction of white pixels; 0 means nothing to edit. */
  coverage: number;
}

// A brushed canvas exported at a high device-pixel ratio can be several times the source size.
const MAX_MASK_PIXELS = 8192 * 8192;

/**
 * Prepares an inpainting mask: decode, must match the source size (or `resize: true` stretches it
 * deliberately to the target), greyscale, binarised at 50 % (white = edit), PNG.
 */
export async function prepareMask(buf: Buffer, target: { width: number; height: number }, o: { resize?: boolean; maxBytes?: number } = {}): Promise<PreparedMask> {
  const maxBytes = o.maxBytes ?? 20 * 1024 * 1024;
  if (buf.length > maxBytes) throw new ImagingError('TOO_LARGE', `The mask is larger than ${maxBytes} bytes`);
  // The size check reads only the header, so a mismatched mask is refused before any decoding.
  const header = await readHeader(buf, o.resize ? MAX_MASK_PIXELS : target.width * target.height);
  const sameSize = header.width === target.width && header.height === target.height;
  if (!sameSize && !o.resize) {
    throw new ImagingError('MASK_SIZE_MISMATCH', `The mask is ${header.width}×${header.height} but the image is ${target.width}×${target.height}`);
  }
  try {
    // Brush tools paint white strokes on a transparent canvas: transparent means "keep".
    let pipeline = sharp(buf, { failOn: 'error', limitInputPixels: MAX_MASK_PIXELS, autoOrient: true }).flatten({ background: '#000000' });
    if (!sameSize) pipeline = pipeline.resize(target.width, target.height, { fit: 'fill' });
    // sharp thresholds after resizing, so interpolated edges are binarised too.
    const { data, info } = await pipeline.greyscale().threshold(128).raw().toBuffer({ resolveWithObject: true });
    let white = 0;
    for (let i = 0; i < data.length; i++) if (data[i] === 255) white++;
    // Without 'b-w' sharp would widen the single channel to sRGB.
    const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
      .toColourspace('b-w')
      .png({ compressionLevel: 6 })
      .toBuffer();
    return { buffer: png, coverage: white / (info.width * info.height) };
  } catch (err) {
    throw fromSharpError(err);
  }
}
