import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeGenerated, decodeUpload, ImagingError, makeThumbnail } from './index.js';
import { syntheticImage } from '../../../test/helpers/synthetic-image.js';

const limits = { maxBytes: 5 * 1024 * 1024, maxPixels: 4096 * 4096 };
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: unknown) => (e instanceof ImagingError ? e.code : `other: ${String(e)}`),
  );

/** A valid small PNG whose IHDR claims other dimensions (CRC fixed, so only the size is a lie). */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await syntheticImage(64, 64));
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe('decodeUpload', () => {
  it.each(['png', 'jpeg', 'webp'] as const)('accepts %s and re-encodes it in its own format', async (format) => {
    const d = await decodeUpload(await syntheticImage(320, 200, { format }), limits);
    expect(d).toMatchObject({ format, mimeType: `image/${format}`, width: 320, height: 200 });
    expect((await sharp(d.buffer).metadata()).format).toBe(format);
  });

  it('auto-rotates by EXIF and strips metadata', async () => {
    const tagged = await sharp(await syntheticImage(40, 20, { format: 'jpeg' }))
      .withMetadata({ orientation: 6 })
      .withExif({ IFD0: { Copyright: 'secret location' } })
      .jpeg()
      .toBuffer();
    const d = await decodeUpload(tagged, limits);
    expect([d.width, d.height]).toEqual([20, 40]);
    const meta = await sharp(d.buffer).metadata();
    expect(meta.orientation).toBeUndefined();
    expect(meta.exif).toBeUndefined();
  });

  it('rejects GIF, SVG and text as UNSUPPORTED_FORMAT', async () => {
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
      .gif()
      .toBuffer();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    for (const buf of [gif, svg, Buffer.from('definitely not an image'), Buffer.alloc(0)]) {
      expect(await codeOf(decodeUpload(buf, limits))).toBe('UNSUPPORTED_FORMAT');
    }
  });

  it('rejects truncated PNG and JPEG as CORRUPT', async () => {
    for (const format of ['png', 'jpeg'] as const) {
      const full = await syntheticImage(256, 256, { format });
      expect(await codeOf(decodeUpload(full.subarray(0, Math.floor(full.length / 2)), limits))).toBe('CORRUPT');
    }
  });

  it('refuses a PNG claiming 50000×50000 on its header, before decoding', async () => {
    // Its pixel data is only 64×64 worth, so decoding would end in CORRUPT: TOO_MANY_PIXELS means
    // the claimed size was refused from the header (readHeader, or sharp's limitInputPixels behind it).
    const bomb = await pngClaiming(50_000, 50_000);
    expect(await codeOf(decodeUpload(bomb, limits))).toBe('TOO_MANY_PIXELS');
    expect(await codeOf(decodeGenerated(bomb))).toBe('TOO_MANY_PIXELS');
  });

  it('enforces the pixel cap on real images and the byte cap', async () => {
    const img = await syntheticImage(300, 300, { format: 'jpeg' });
    expect(await codeOf(decodeUpload(img, { maxBytes: limits.maxBytes, maxPixels: 300 * 299 }))).toBe('TOO_MANY_PIXELS');
    expect(await codeOf(decodeUpload(img, { maxBytes: img.length - 1, maxPixels: limits.maxPixels }))).toBe('TOO_LARGE');
    expect(await codeOf(decodeUpload(img, { maxBytes: img.length, maxPixels: 300 * 300 }))).toBe('accepted');
  });
});

describe('decodeGenerated', () => {
  it('returns a valid PNG as-is with its size', async () => {
    const png = await syntheticImage(768, 1360);
    const g = await decodeGenerated(png);
    expect(g).toMatchObject({ mimeType: 'image/png', width: 768, height: 1360 });
    expect(g.buffer.equals(png)).toBe(true);
  });

  it('knows WebP and JPEG outputs', async () => {
    expect((await decodeGenerated(await syntheticImage(64, 32, { format: 'webp' }))).mimeType).toBe('image/webp');
    expect((await decodeGenerated(await syntheticImage(64, 32, { format: 'jpeg' }))).mimeType).toBe('image/jpeg');
  });

  it('decodes fully: a truncated PNG is CORRUPT even though its header is intact', async () => {
    const png = await syntheticImage(512, 512);
    expect(await codeOf(decodeGenerated(png.subarray(0, png.length - 5000)))).toBe('CORRUPT');
  });

  it('hands makeThumbnail the thumbnail of the same pass, identical to a fresh one', async () => {
    const png = await syntheticImage(1024, 1024, { seed: 7 });
    const g = await decodeGenerated(png);
    const reused = await makeThumbnail(g.buffer);
    const fresh = await makeThumbnail(Buffer.from(png));
    expect(reused).toMatchObject({ width: 300, height: 300 });
    expect(reused.buffer.equals(fresh.buffer)).toBe(true);
    expect((await makeThumbnail(g.buffer, 150)).width).toBe(150);
  });
});

describe('makeThumbnail', () => {
  it.each([
    [768, 1360, 531],
    [1024, 1024, 300],
    [832, 1248, 450],
    [200, 100, 150],
  ])('makes a %i×%i image exactly 300 px wide WebP (height %i)', async (w, h, expectedHeight) => {
    const t = await makeThumbnail(await syntheticImage(w, h, { format: 'jpeg' }));
    expect([t.width, t.height]).toEqual([300, expectedHeight]);
    const meta = await sharp(t.buffer).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 300, expectedHeight]);
  });

  it('reports bad input as an ImagingError', async () => {
    expect(await codeOf(makeThumbnail(Buffer.from('nope')))).toBe('UNSUPPORTED_FORMAT');
  });
});
