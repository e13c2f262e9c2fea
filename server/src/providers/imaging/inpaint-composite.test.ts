import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { compositeEdit, dilate, editRegion, growRadius, prepareBlend, type RawImage } from './inpaint-composite.js';

/** The definition: white where any pixel within the (2r+1)² square around it is white. */
function bruteDilate(mask: RawImage, r: number): Buffer {
  const { width: w, height: h, data } = mask;
  const out = Buffer.alloc(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      search: for (let dy = -r; dy <= r; dy++)
        for (let dx = -r; dx <= r; dx++) {
          const [u, v] = [x + dx, y + dy];
          if (u >= 0 && v >= 0 && u < w && v < h && data[v * w + u]! >= 128) {
            out[y * w + x] = 255;
            break search;
          }
        }
    }
  return out;
}

/** A deterministic mask: a few rectangles and scattered pixels, some touching the borders. */
function mask(w: number, h: number, seed: number): RawImage {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const data = Buffer.alloc(w * h);
  for (let k = 0; k < 3; k++) {
    const [x, y] = [Math.floor(rnd() * w), Math.floor(rnd() * h)];
    const [rw, rh] = [1 + Math.floor(rnd() * w * 0.3), 1 + Math.floor(rnd() * h * 0.3)];
    for (let v = y; v < Math.min(h, y + rh); v++) for (let u = x; u < Math.min(w, x + rw); u++) data[v * w + u] = 255;
  }
  for (let k = 0; k < 5; k++) data[Math.floor(rnd() * w * h)] = 200;
  return { data, width: w, height: h, channels: 1 };
}

describe('dilate', () => {
  it('equals the square dilation by definition, at the borders too', () => {
    for (const [w, h, r, seed] of [
      [64, 48, 3, 1],
      [50, 70, 6, 2],
      [33, 33, 1, 3],
      [80, 20, 9, 4],
    ] as const) {
      const m = mask(w, h, seed);
      expect(dilate(m, r).equals(bruteDilate(m, r))).toBe(true);
    }
  });

  it('leaves an all-black mask black and grows a single pixel to a square', () => {
    const black: RawImage = { data: Buffer.alloc(40 * 30), width: 40, height: 30, channels: 1 };
    expect(dilate(black, 4).every((v) => v === 0)).toBe(true);
    const dot: RawImage = { data: Buffer.alloc(40 * 30), width: 40, height: 30, channels: 1 };
    dot.data[10 * 40 + 20] = 255;
    const grown = dilate(dot, 2);
    expect(grown.filter((v) => v === 255).length).toBe(25);
    expect(grown[8 * 40 + 18]).toBe(255);
    expect(grown[7 * 40 + 20]).toBe(0);
  });
});

describe('prepareBlend + compositeEdit', () => {
  it('keeps the source outside the grown mask byte for byte and puts the model’s pixels inside the mask', async () => {
    const [w, h] = [200, 160];
    const source: RawImage = { data: Buffer.alloc(w * h * 3), width: w, height: h, channels: 3 };
    for (let i = 0; i < source.data.length; i++) source.data[i] = (i * 7) % 251;
    const m = mask(w, h, 5);
    const region = editRegion(m);
    const blend = await prepareBlend(m, region);
    // The model's output for the region: a flat colour no source pixel has, at another size.
    const generated = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 255, g: 0, b: 255 } } })
      .png()
      .toBuffer();
    const png = await compositeEdit(source, blend, region, generated);
    const out = await sharp(png).raw().toBuffer();
    const grown = dilate(m, growRadius(w, h));
    let inside = 0;
    for (let i = 0; i < w * h; i++) {
      const px = [out[i * 3], out[i * 3 + 1], out[i * 3 + 2]];
      if (grown[i] === 0) expect(px).toEqual([source.data[i * 3], source.data[i * 3 + 1], source.data[i * 3 + 2]]);
      const [x, y] = [i % w, Math.floor(i / w)];
      const inRegion = x >= region.left && x < region.left + region.width && y >= region.top && y < region.top + region.height;
      if (m.data[i]! >= 128 && inRegion && blend.alpha[(y - blend.win.top) * blend.win.width + (x - blend.win.left)] === 255) {
        expect(px).toEqual([255, 0, 255]);
        inside++;
      }
    }
    expect(inside).toBeGreaterThan(100);
  });
});
