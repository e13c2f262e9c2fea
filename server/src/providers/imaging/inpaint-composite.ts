import sharp from 'sharp';
import { rememberThumbnail, THUMB_WIDTH, thumbnailPipeline } from './thumbnail.js';

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
    // Multiples of 16 (Flux's latent grid) whenever the image allows: then no resize is needed.
    const want = Math.min(size, Math.ceil(Math.max(384, span * 2) / 16) * 16);
    const start = Math.round((lo + hi + 1) / 2 - want / 2);
    const clamped = Math.min(Math.max(0, start), size - want);
    return [clamped, want] as const;
  };
  const [left, width] = expand(x0, x1, mask.width);
  const [top, height] = expand(y0, y1, mask.height);
  return { left, top, width, height };
}

/**
 * The size the crop is sent at: long side ~1024 (a small crop upscaled up to 4×), multiples of 16.
 * A crop already between 768 and 1344 px is sent as it is (no resampling on the way there or back).
 */
export function workSize(region: Region): { width: number; height: number } {
  const long = Math.max(region.width, region.height);
  const native = long >= 768 && long <= 1344;
  const scale = native ? 1 : Math.min(MAX_UPSCALE, WORK_LONG_SIDE / long);
  const to16 = (v: number) => Math.max(16, Math.round((v * scale) / 16) * 16);
  return { width: to16(region.width), height: to16(region.height) };
}

/**
 * The source and mask crops for the GPU at the work size: the source as a quality-95 JPEG (the
 * model only reads it as context, and outside the mask the composite puts the exact source back;
 * it encodes in a fraction of a PNG's time and uploads at a third of its size), the mask as a
 * binary PNG.
 */
export async function cropForInpaint(source: RawImage, mask: RawImage, region: Region): Promise<{ source: Buffer; mask: Buffer }> {
  const size = workSize(region);
  const same = size.width === region.width && size.height === region.height;
  let src = sharp(source.data, { raw: { width: source.width, height: source.height, channels: source.channels as 3 } }).extract(region);
  let msk = sharp(mask.data, { raw: { width: mask.width, height: mask.height, channels: 1 } }).extract(region);
  if (!same) {
    src = src.resize(size.width, size.height, { fit: 'fill', kernel: 'cubic' });
    msk = msk.resize(size.width, size.height, { fit: 'fill', kernel: 'nearest' });
  }
  const [sourcePng, maskPng] = await Promise.all([
    src.jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer(),
    msk.toColourspace('b-w').png({ compressionLevel: 1 }).toBuffer(),
  ]);
  return { source: sourcePng, mask: maskPng };
}

/**
 * Binary dilation with a square of side 2r+1: per row, then per column, "distance to the nearest
 * white ≤ r". Only the white pixels' bounding box grown by r can turn white, so only it is walked.
 */
export function dilate(mask: RawImage, r: number): Buffer {
  const { width: w, height: h } = mask;
  const src = mask.data;
  const out = Buffer.alloc(w * h);
  let [x0, y0, x1, y1] = [w, h, -1, -1];
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) {
      if (src[o + x]! < 128) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  if (x1 < 0) return out;
  const [left, right, top, bottom] = [Math.max(0, x0 - r), Math.min(w - 1, x1 + r), Math.max(0, y0 - r), Math.min(h - 1, y1 + r)];
  const rows = Buffer.alloc(w * h);
  for (let y = y0; y <= y1; y++) {
    const o = y * w;
    let last = -1e9;
    for (let x = left; x <= right; x++) {
      if (src[o + x]! >= 128) last = x;
      if (x - last <= r) rows[o + x] = 255;
    }
    last = 1e9;
    for (let x = right; x >= left; x--) {
      if (src[o + x]! >= 128) last = x;
      if (last - x <= r) rows[o + x] = 255;
    }
  }
  const down = new Int32Array(w).fill(-1e9);
  for (let y = top; y <= bottom; y++) {
    const o = y * w;
    for (let x = left; x <= right; x++) {
      if (rows[o + x] === 255) down[x] = y;
      if (y - down[x]! <= r) out[o + x] = 255;
    }
  }
  const up = new Int32Array(w).fill(1e9);
  for (let y = bottom; y >= top; y--) {
    const o = y * w;
    for (let x = left; x <= right; x++) {
      if (rows[o + x] === 255) up[x] = y;
      if (up[x]! - y <= r) out[o + x] = 255;
    }
  }
  return out;
}

/**
 * How the model's pixels blend into the source, per pixel of `win` (the region plus the grow
 * radius): 255 inside the mask proper, 0 outside the mask grown by `growRadius`, a feathered
 * ramp in the band between. Depends on the mask and the region alone, so it can be made while
 * the GPU works.
 */
export interface Blend {
  win: Region;
  alpha: Buffer;
}

export async function prepareBlend(mask: RawImage, region: Region): Promise<Blend> {
  const { width: w, height: h } = mask;
  const r = growRadius(w, h);
  // Everything happens in the region plus the grow radius: outside it the source is copied as is.
  const left = Math.max(0, region.left - r);
  const top = Math.max(0, region.top - r);
  const win = { left, top, width: Math.min(w, region.left + region.width + r) - left, height: Math.min(h, region.top + region.height + r) - top };
  const sub = Buffer.alloc(win.width * win.height);
  for (let y = 0; y < win.height; y++) mask.data.copy(sub, y * win.width, (win.top + y) * w + win.left, (win.top + y) * w + win.left + win.width);
  const local: RawImage = { data: sub, width: win.width, height: win.height, channels: 1 };
  const soft = sharp(dilate(local, Math.ceil(r / 2)), { raw: { width: win.width, height: win.height, channels: 1 } })
    .blur(Math.max(0.3, r / 4))
    // libvips widens a one-band image to sRGB on the way out unless told otherwise.
    .extractChannel(0)
    .raw()
    .toBuffer();
  // The mask grown by r bounds the feather: the blur may not carry the model's pixels further.
  const grown = dilate(local, r);
  const alpha = await soft;
  for (let i = 0; i < alpha.length; i++) if (grown[i] === 0) alpha[i] = 0;
  return { win, alpha };
}

/**
 * The edit's final pixels: the source everywhere outside the mask grown by `growRadius`, the
 * model's pixels inside, and a feathered blend in the grown band (see `prepareBlend`). Outside
 * the grown mask the result is the source byte for byte, whatever the model or its VAE did to the
 * rest of the frame. `generated` is the model's output for `region` (any size: resized to the
 * region). The PNG's thumbnail comes with it: `makeThumbnail(png)` returns it without decoding.
 */
export async function compositeEdit(source: RawImage, blend: Blend, region: Region, generated: Buffer): Promise<Buffer> {
  const { width: w, height: h } = source;
  const { win, alpha } = blend;
  const gen = await sharp(generated).autoOrient().removeAlpha().toColourspace('srgb').resize(region.width, region.height, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer();
  const ch = source.channels;
  const out = Buffer.from(source.data);
  for (let y = region.top; y < region.top + region.height; y++) {
    for (let x = region.left; x < region.left + region.width; x++) {
      const m = (y - win.top) * win.width + (x - win.left);
      const a = alpha[m]!;
      if (a === 0) continue;
      const p = (y * w + x) * ch;
      const g = ((y - region.top) * region.width + (x - region.left)) * 3;
      if (a === 255) {
        // Inside the mask proper: the model's pixel as it is (the generated image is RGB, like the source).
        out[p] = gen[g]!;
        out[p + 1] = gen[g + 1]!;
        out[p + 2] = gen[g + 2]!;
      } else for (let c = 0; c < ch; c++) out[p + c] = Math.round(out[p + c]! + ((gen[g + c]! - out[p + c]!) * a) / 255);
    }
  }
  // The fastest deflate that still compresses: a 1024² edit encodes in ~35 ms instead of ~90 at level 6.
  // The thumbnail is made from the same raw pixels at the same time (no decode of the PNG after).
  const raw = { raw: { width: w, height: h, channels: ch as 3 } };
  const [png, thumb] = await Promise.all([
    sharp(out, raw).png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer(),
    thumbnailPipeline(sharp(out, raw), THUMB_WIDTH).toBuffer({ resolveWithObject: true }),
  ]);
  rememberThumbnail(png, { buffer: thumb.data, width: thumb.info.width, height: thumb.info.height });
  return png;
}
