import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FACE_BOX_KEY, readTextChunk, withTextChunk } from '../src/png-text.js';
import { Renderer } from '../src/render/renderer.js';

describe('PNG tEXt chunks', () => {
  it('round-trips a note and the PNG still decodes to the same pixels', async () => {
    const png = await sharp({ create: { width: 8, height: 4, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const noted = withTextChunk(png, 'k', '{"a":1}');
    expect(readTextChunk(noted, 'k')).toBe('{"a":1}');
    expect(readTextChunk(noted, 'other')).toBeUndefined();
    expect(readTextChunk(png, 'k')).toBeUndefined();
    expect(readTextChunk(Buffer.from('not a png at all'), 'k')).toBeUndefined();
    const [a, b] = await Promise.all([sharp(png).raw().toBuffer(), sharp(noted).raw().toBuffer()]);
    expect(b.equals(a)).toBe(true);
  });

  it('a render says where its face is, and that box holds the face (not the background)', async () => {
    const face = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const png = await new Renderer().textToImage({ width: 512, height: 512, seed: 7, prompt: 'portrait', face: { kind: 'image', bytes: face } });
    const box = JSON.parse(readTextChunk(png, FACE_BOX_KEY)!) as { left: number; top: number; width: number; height: number };
    expect(box.width).toBeGreaterThan(0.4 * 512);
    const { data } = await sharp(png).extract(box).raw().toBuffer({ resolveWithObject: true });
    // The drawn face is the red reference (drift blends at most a quarter toward another person).
    const reds = [];
    for (let i = 0; i < data.length; i += 3) reds.push(data[i]! - Math.max(data[i + 1]!, data[i + 2]!));
    expect(reds.filter((r) => r > 100).length / reds.length).toBeGreaterThan(0.9);
  });
});
