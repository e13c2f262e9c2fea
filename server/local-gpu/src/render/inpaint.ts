import sharp from 'sharp';
import { hash32, randomFor } from '../random.js';
import { hslToRgb } from './palette.js';

export type MaskChannel = 'red' | 'green' | 'blue' | 'alpha';

export interface InpaintRequest {
  source: Buffer;
  mask: Buffer;
  channel: MaskChannel;
  prompt: string;
  seed: number;
}

const CHANNEL_INDEX: Record<MaskChannel, number> = { red: 0, green: 1, blue: 2, alpha: 3 };

/**
 * Flux Fill stand-in: the source (as ComfyUI's LoadImage reads it: oriented, alpha dropped) with
 * the masked pixels repainted in a prompt-coloured, seed-striped pattern — and, like a real VAE
 * round-trip, every other pixel nudged by a few levels (a slight warm shift plus ±2 of grain). A
 * client that wants the outside untouched must composite, as the product does.
 */
export async function renderInpaint(req: InpaintRequest): Promise<Buffer> {
  const src = await sharp(req.source).autoOrient().removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const { width, height, channels } = src.info;
  const mask = await sharp(req.mask)
    .autoOrient()
    .resize(width, height, { fit: 'fill', kernel: 'nearest' })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const maskChannels = mask.info.channels;
  const index = CHANNEL_INDEX[req.channel];
  const rnd = randomFor('inpaint', req.seed);
  const hue = hash32(req.prompt.toLowerCase()) % 360;
  const light = hslToRgb(hue + rnd() * 20, 0.7, 0.62);
  const dark = hslToRgb(hue + rnd() * 20, 0.7, 0.42);
  const period = 6 + Math.floor(rnd() * 10);
  const phase = Math.floor(rnd() * period);
  const out = Buffer.from(src.data);
  for (let y = 0, p = 0, m = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p += channels, m += maskChannels) {
      const raw = mask.data[m + index]!;
      // LoadImageMask inverts the alpha channel (transparent = edit), as ComfyUI does.
      const value = req.channel === 'alpha' ? 255 - raw : raw;
      if (value < 128) {
        const grain = ((x * 7 + y * 13 + phase) % 5) - 2;
        for (let c = 0; c < channels; c++) out[p + c] = Math.min(255, Math.max(0, out[p + c]! + grain + (c === 0 ? 2 : c === 2 ? -1 : 0)));
        continue;
      }
      const colour = Math.floor((x + y + phase) / period) % 2 === 0 ? light : dark;
      for (let c = 0; c < channels; c++) out[p + c] = colour[c] ?? colour[0];
    }
  }
  return sharp(out, { raw: { width, height, channels } }).png({ compressionLevel: 2, adaptiveFiltering: false }).toBuffer();
}
