import sharp from 'sharp';

/** A rectangle in source pixels. */
export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

/** The model works best around a megapixel; Flux wants multiples of 16. */
const WORK_LONG_SIDE = 1024;
/** A small mask's crop is upscaled at most this much (more invents detail, it does not add any). */
const MAX_UPSCALE = 4;

/** How far past the mask the model's pixels may reach: ~1 % of the long side, at least 4 px. */
export function growRadius(width: number, height: number): number {
  return Math.max(4, Math.round(Math.max(width, height) * 0.01));
}

/** Decodes an image to raw sRGB without alpha (what ComfyUI's LoadImage sees). */
export async function decodeRgb(bytes: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(bytes).autoOrient().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** Decodes a binarised mask PNG (0 / 255) to one byte per pixel. */
export async function decodeMask(bytes: Buffer): Promise<RawImage> {
  const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: 1 };
}

/**
 * The part of the image the model is given: the mask's bounding box with as much context again
 * around it (at least 384 px, clamped to the image). A small mask thus gets the model's full
 * resolution instead of a few dozen of its pixels.
 */
export function editRegion(mask: RawImage): Region {
  let [x0, y0, x1, y1] = [mask.width, mask.height, -1, -1];
  for (let y = 0, i = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++, i++) {
      if (mask.data[i]! < 128) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x1 < 0) return { left: 0, top: 0, width: mask.width, height: mask.height };
  const expand = (lo: number, hi: number, size: number) => {
    const span = hi - lo + 1;
    const want = Math.min(size, Math.max(384, span * 2));
    const start = Math.round((lo + hi + 1) / 2 - want / 2);
    const clamped = Math.min(Math.max(0, start), size - want);
    return [clamped, want] as const;
  };
  const [left, width] = expand(x0, x1, mask.width);
  const [top, height] = expand(y0, y1, mask.height);
  return { left, top, width, height };
}

/** The size the crop is sent at: long side 1024 (or the crop's own, up to 4× upscaled), multiples of 16. */
export function workSize(region: Region): { width: number; height: number } {
  const scale = Math.min(MAX_UPSCALE, WORK_LONG_SIDE / Math.max(region.width, region.height));
  const to16 = (v: number) => Math.max(16, Math.round((v * scale) / 16) * 16);
  return { width: to16(region.width), height: to16(region.height) };
}

/** The source and mask crops for the GPU, as PNGs at the work size (the mask stays binary). */
export async function cropForInpaint(source: RawImage, mask: RawImage, region: Region): Promise<{ source: Buffer; mask: Buffer }> {
  const size = workSize(region);
  const [src, msk] = await Promise.all([
    sharp(source.data, { raw: { width: source.width, height: source.height, channels: source.channels as 3 } })
      .extract(region)
      .resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' })
      .png({ compressionLevel: 2 })
      .toBuffer(),
    sharp(mask.data, { raw: { width: mask.width, height: mask.height, channels: 1 } })
      .extract(region)
      .resize(size.width, size.height, { fit: 'fill', kernel: 'nearest' })
      .toColourspace('b-w')
      .png({ compressionLevel: 2 })
      .toBuffer(),
  ]);
  return { source: src, mask: msk };
}

/** Binary dilation with a square of side 2r+1 (two separable passes of "distance to the nearest white"). */
export function dilate(mask: RawImage, r: number): Buffer {
  const { width: w, height: h } = mask;
  const pass = (src: Buffer, len: number, lines: number, at: (line: number, i: number) => number) => {
    const out = Buffer.alloc(src.length);
    for (let line = 0; line < lines; line++) {
      let last = -Infinity;
      for (let i = 0; i < len; i++) {
        if (src[at(line, i)]! >= 128) last = i;
        if (i - last <= r) out[at(line, i)] = 255;
      }
      last = Infinity;
      for (let i = len - 1; i >= 0; i--) {
        if (src[at(line, i)]! >= 128) last = i;
        if (last - i <= r) out[at(line, i)] = 255;
      }
    }
    return out;
  };
  const rows = pass(mask.data, w, h, (y, x) => y * w + x);
  return pass(rows, h, w, (x, y) => y * w + x);
}

/**
 * The edit's final pixels: the source everywhere outside the mask grown by `growRadius`, the
 * model's pixels inside, and a feathered blend in the grown band. Outside the grown mask the
 * result is the source byte for byte, whatever the model or its VAE did to the rest of the frame.
 * `generated` is the model's output for `region` (any size: resized to the region).
 */
export async function compositeEdit(source: RawImage, mask: RawImage, region: Region, generated: Buffer): Promise<Buffer> {
  const { width: w, height: h } = source;
  const r = growRadius(w, h);
  const grown = dilate(mask, r);
  const core = dilate(mask, Math.ceil(r / 2));
  const soft = await sharp(core, { raw: { width: w, height: h, channels: 1 } })
    .blur(Math.max(0.3, r / 4))
    // libvips widens a one-band image to sRGB on the way out unless told otherwise.
    .extractChannel(0)
    .raw()
    .toBuffer();
  const gen = await sharp(generated).autoOrient().removeAlpha().toColourspace('srgb').resize(region.width, region.height, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer();
  const ch = source.channels;
  const out = Buffer.from(source.data);
  for (let y = region.top; y < region.top + region.height; y++) {
    for (let x = region.left; x < region.left + region.width; x++) {
      const m = y * w + x;
      if (grown[m] === 0) continue;
      const a = soft[m]!;
      if (a === 0) continue;
      const p = m * ch;
      const g = ((y - region.top) * region.width + (x - region.left)) * 3;
      for (let c = 0; c < ch; c++) out[p + c] = Math.round(out[p + c]! + ((gen[g + c]! - out[p + c]!) * a) / 255);
    }
  }
  return sharp(out, { raw: { width: w, height: h, channels: ch as 3 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}
