import sharp from 'sharp';
import { ByteLru } from '../lru.js';
import { randomFor } from '../random.js';

/** How far a render's face is from the reference: a blend toward another person, a mirror. */
export interface FaceDrift {
  /** 0 = the reference, 1 = the other person only */
  alpha: number;
  flip: boolean;
  other: { png: Buffer; key: string } | null;
}

export interface PlacedFace {
  raw: Buffer;
  width: number;
  height: number;
  left: number;
  top: number;
}

interface Prepared {
  raw: Buffer;
  width: number;
  height: number;
}

/**
 * Places a reference face on the canvas the way every product image should show it: 45–55 % of
 * the output width (aspect kept), centred, with a small seed-dependent offset, scale and
 * brightness — then drifts it (FaceDrift: blended toward another person, mirrored), the way a
 * model's identity drifts, so an identity score measures something. Scale and brightness are
 * quantised so resized faces can be cached and reused across seeds: the benchmark pushes many
 * seeds through a handful of faces.
 */
export class FacePlacer {
  private readonly prepared = new ByteLru<Prepared>(96 * 1024 * 1024, (p) => p.raw.length);
  private readonly sizes = new ByteLru<{ width: number; height: number }>(1024 * 1024, () => 64);

  async place(source: Buffer, sourceKey: string, outWidth: number, outHeight: number, seed: number, drift?: FaceDrift): Promise<PlacedFace> {
    const size = await this.sizes.getOrCompute(sourceKey, async () => {
      const meta = await sharp(source).metadata();
      // EXIF orientations 5–8 swap the axes once auto-oriented.
      const swap = (meta.orientation ?? 1) >= 5;
      return { width: (swap ? meta.height : meta.width) ?? 1, height: (swap ? meta.width : meta.height) ?? 1 };
    });
    const rnd = randomFor('face', seed);
    const scale = 0.45 + 0.02 * Math.floor(rnd() * 6);
    const brightness = 0.94 + 0.03 * Math.floor(rnd() * 5);
    let width = Math.max(1, Math.round(outWidth * scale));
    let height = Math.max(1, Math.round((width * size.height) / size.width));
    if (height > outHeight * 0.9) {
      height = Math.max(1, Math.floor(outHeight * 0.9));
      width = Math.max(1, Math.min(outWidth, Math.round((height * size.width) / size.height)));
    }
    const prepare = (bytes: Buffer, key: string) =>
      this.prepared.getOrCompute(`${key}|${width}x${height}|${brightness.toFixed(2)}`, async () => {
        const { data, info } = await sharp(bytes)
          .autoOrient()
          .resize(width, height, { fit: 'cover' })
          .flatten({ background: '#808080' })
          .linear(brightness, 0)
          .toColourspace('srgb')
          .raw({ depth: 'uchar' })
          .toBuffer({ resolveWithObject: true });
        if (info.channels !== 3) throw new Error(`reference face decoded to ${info.channels} channels, expected RGB`);
        return { raw: data, width: info.width, height: info.height };
      });
    let face = await prepare(source, sourceKey);
    if (drift && (drift.alpha > 0 || drift.flip)) {
      const other = drift.other && drift.alpha > 0 ? await prepare(drift.other.png, drift.other.key) : null;
      face = { ...face, raw: blend(face, other?.raw ?? null, drift.alpha, drift.flip) };
    }
    const dx = (rnd() * 2 - 1) * 0.04 * outWidth;
    const dy = (rnd() * 2 - 1) * 0.03 * outHeight;
    const left = clamp(Math.round((outWidth - face.width) / 2 + dx), 0, outWidth - face.width);
    const top = clamp(Math.round((outHeight - face.height) / 2 + dy), 0, outHeight - face.height);
    return { ...face, left, top };
  }
}

/**
 * (1 − alpha) × face + alpha × other, mirrored when asked; a new buffer (the cached one stays).
 * Fixed-point (alpha in 1/256ths, rounded half up): the benchmark blends a face per render.
 */
function blend(face: Prepared, other: Buffer | null, alpha: number, flip: boolean): Buffer {
  const out = Buffer.allocUnsafe(face.raw.length);
  const f = face.raw;
  const A = other ? Math.round(alpha * 256) : 0;
  const o = other ?? f;
  const w = face.width;
  const rowBytes = w * 3;
  for (let y = 0; y < face.height; y++) {
    const row = y * rowBytes;
    for (let x = 0; x < w; x++) {
      const d = row + x * 3;
      const s = flip ? row + (w - 1 - x) * 3 : d;
      const v0 = f[s]!;
      const v1 = f[s + 1]!;
      const v2 = f[s + 2]!;
      out[d] = v0 + (((o[s]! - v0) * A + 128) >> 8);
      out[d + 1] = v1 + (((o[s + 1]! - v1) * A + 128) >> 8);
      out[d + 2] = v2 + (((o[s + 2]! - v2) * A + 128) >> 8);
    }
  }
  return out;
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(Math.max(v, min), Math.max(min, max));
}
