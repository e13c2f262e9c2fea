import sharp from 'sharp';
import type { ImageFormat } from '../../src/providers/imaging/formats.js';

/**
 * A photo-like test image made locally (tests and the benchmark download nothing): a seeded
 * colour with blurred noise, so PNG compresses about as badly as a real render does.
 */
export async function syntheticImage(width: number, height: number, o: { seed?: number; format?: ImageFormat } = {}): Promise<Buffer> {
  const seed = o.seed ?? 1;
  const image = sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: (seed * 67) % 256, g: (seed * 131) % 256, b: (seed * 29) % 256 },
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  }).blur(1.2);
  const format = o.format ?? 'png';
  return format === 'png' ? image.png().toBuffer() : format === 'jpeg' ? image.jpeg().toBuffer() : image.webp().toBuffer();
}
