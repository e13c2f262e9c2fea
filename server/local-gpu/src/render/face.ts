import sharp from 'sharp';
import { ByteLru } from '../lru.js';
import { randomFor } from '../random.js';

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
 * brightness. Nothing else is done to the pixels, so face recognition still matches the
 * reference. Scale and brightness are quantised so resized faces can be cached and reused
 * across seeds: the benchmark pushes many seeds through a handful of faces.
 */
export class FacePlacer {
  private readonly prepared = new ByteLru<Prepared>(96 * 1024 * 1024, (p) => p.raw.length);
  private readonly sizes = new ByteLru<{ width: number; height: number }>(1024 * 1024, () => 64);

  async place(source: Buffer, sourceKey: string, outWidth: number, outHeight: number, seed: number): Promise<PlacedFace> {
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
    const key = `${sourceKey}|${width}x${height}|${brightness.toFixed(2)}`;
    const face = await this.prepared.getOrCompute(key, async () => {
      const { data, info } = await sharp(source)
        .autoOrient()
        .resize(width, height, { fit: 'fill' })
        .flatten({ background: '#808080' })
        .linear(brightness, 0)
        .toColourspace('srgb')
        .raw({ depth: 'uchar' })
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 3) throw new Error(`reference face decoded to ${info.channels} channels, expected RGB`);
      return { raw: data, width: info.width, height: info.height };
    });
    const dx = (rnd() * 2 - 1) * 0.04 * outWidth;
    const dy = (rnd() * 2 - 1) * 0.03 * outHeight;
    const left = clamp(Math.round((outWidth - face.width) / 2 + dx), 0, outWidth - face.width);
    const top = clamp(Math.round((outHeight - face.height) / 2 + dy), 0, outHeight - face.height);
    return { ...face, left, top };
  }
}

function clamp(v: number, min: number, max: number): number {
  return Math.min(Math.max(v, min), Math.max(min, max));
}
