import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImagingError, prepareMask } from './index.js';

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: unknown) => (e instanceof ImagingError ? e.code : `other: ${String(e)}`),
  );

/** Greyscale PNG whose column x has value x (0..width-1). */
async function horizontalRamp(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw[y * width + x] = x;
  return sharp(raw, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

async function pixels(png: Buffer) {
  const { channels } = await sharp(png).metadata();
  const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { data, info, channels, values: new Set(data) };
}

describe('prepareMask', () => {
  it('binarises at 50 %: values ≥ 128 become white', async () => {
    const m = await prepareMask(await horizontalRamp(256, 8), { width: 256, height: 8 });
    const { data, channels, values } = await pixels(m.buffer);
    expect(channels).toBe(1);
    expect([...values].sort((a, b) => a - b)).toEqual([0, 255]);
    expect(data[127]).toBe(0);
    expect(data[128]).toBe(255);
    expect(m.coverage).toBe(0.5);
    expect((await sharp(m.buffer).metadata()).format).toBe('png');
  });

  it('treats transparency as keep: white strokes on a transparent canvas', async () => {
    // Transparent pixels keep white RGB, as some canvas exporters write them.
    const rgba = Buffer.alloc(100 * 50 * 4, 255);
    for (let y = 0; y < 50; y++) for (let x = 0; x < 100; x++) if (x < 10 || x >= 35) rgba[(y * 100 + x) * 4 + 3] = 0;
    const canvas = await sharp(rgba, { raw: { width: 100, height: 50, channels: 4 } })
      .png()
      .toBuffer();
    const m = await prepareMask(canvas, { width: 100, height: 50 });
    expect(m.coverage).toBe(0.25);
    const { data } = await pixels(m.buffer);
    expect([data[9], data[10], data[34], data[35]]).toEqual([0, 255, 255, 0]);
  });

  it('reports an all-black mask as zero coverage', async () => {
    const black = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    expect((await prepareMask(black, { width: 32, height: 32 })).coverage).toBe(0);
  });

  it('refuses a mask of another size unless resizing is asked for', async () => {
    const ramp = await horizontalRamp(256, 8);
    expect(await codeOf(prepareMask(ramp, { width: 512, height: 16 }))).toBe('MASK_SIZE_MISMATCH');
    const m = await prepareMask(ramp, { width: 512, height: 16 }, { resize: true });
    const { info, values } = await pixels(m.buffer);
    expect([info.width, info.height]).toEqual([512, 16]);
    expect([...values].sort((a, b) => a - b)).toEqual([0, 255]);
    expect(m.coverage).toBeGreaterThan(0.45);
    expect(m.coverage).toBeLessThan(0.55);
  });

  it('applies the byte cap and the format allow-list', async () => {
    const ramp = await horizontalRamp(64, 64);
    expect(await codeOf(prepareMask(ramp, { width: 64, height: 64 }, { maxBytes: ramp.length - 1 }))).toBe('TOO_LARGE');
    const gif = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#fff' } })
      .gif()
      .toBuffer();
    expect(await codeOf(prepareMask(gif, { width: 64, height: 64 }))).toBe('UNSUPPORTED_FORMAT');
    expect(await codeOf(prepareMask(ramp.subarray(0, ramp.length - 20), { width: 64, height: 64 }))).toBe('CORRUPT');
  });
});
