import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_FILES } from '../../src/providers/comfy/index.js';
import { FACE_BOX_KEY, readTextChunk } from '../src/png-text.js';
import { decode, distinctiveFace, inpaintInput, magentaBox, noisePng, startTestGpu, t2i, writeLora, type Body } from './support.js';

let gpu: Awaited<ReturnType<typeof startTestGpu>>;
let volumeDir: string;
beforeAll(async () => {
  volumeDir = await fs.mkdtemp(path.join(os.tmpdir(), 'local-gpu-render-'));
  gpu = await startTestGpu({ volumeDir, defaults: { workers: 4, stepMs: 0 } });
});
afterAll(async () => {
  await gpu.close();
  await fs.rm(volumeDir, { recursive: true, force: true });
});

async function image(input: unknown): Promise<string> {
  const job: Body = await gpu.until('image', (await gpu.run('image', input)).id);
  if (job.status !== 'COMPLETED') throw new Error(`job ${job.status}: ${job.error}`);
  return job.output.images[0].data as string;
}

/** Mean absolute difference between the output's face region and the reference resized to it, after undoing the brightness jitter. */
async function faceMismatch(outputB64: string, reference: Buffer, mirrored = false): Promise<{ box: ReturnType<typeof magentaBox>; diff: number; widthShare: number }> {
  const out = await decode(outputB64);
  const box = magentaBox(out);
  if (!box) return { box, diff: Infinity, widthShare: 0 };
  const crop = await sharp(Buffer.from(outputB64, 'base64')).extract(box).removeAlpha().raw().toBuffer();
  let refImage = sharp(reference);
  if (mirrored) refImage = refImage.flop();
  const ref = await refImage.resize(box.width, box.height, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  const mean = (b: Buffer) => b.reduce((s, v) => s + v, 0) / b.length;
  const k = mean(crop) / mean(ref);
  let sum = 0;
  for (let i = 0; i < crop.length; i++) sum += Math.abs(crop[i]! - Math.min(255, ref[i]! * k));
  return { box, diff: sum / crop.length, widthShare: box.width / out.info.width };
}

describe('text-to-image rendering', () => {
  it('is deterministic: the same input gives the same bytes, another seed another image', async () => {
    const a = await image(t2i({ seed: 11 }));
    expect(await image(t2i({ seed: 11 }))).toBe(a);
    const b = await image(t2i({ seed: 12 }));
    expect(b).not.toBe(a);
    const [ra, rb] = [await decode(a), await decode(b)];
    expect(ra.data.equals(rb.data)).toBe(false);
  });

  it.each([
    [768, 1360],
    [832, 1248],
    [1024, 1024],
  ])('outputs the latent size %i×%i (Flux and Z-Image graphs)', async (width, height) => {
    for (const engine of ['flux_dev', 'z_image_turbo'] as const) {
      const model = engine === 'flux_dev' ? MODEL_FILES.fluxDevCheckpoint : MODEL_FILES.zImageTurbo;
      const { info } = await decode(await image(t2i({ engine, model, width, height })));
      expect([info.width, info.height, info.channels]).toEqual([width, height, 3]);
    }
  });

  it('composites the PuLID reference face at ~half the width, drifted per seed (blended toward another person, sometimes mirrored)', async () => {
    const face = await distinctiveFace();
    const diffs: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const b64 = await image(t2i({ seed, width: 512, height: 640, faceImage: face }));
      const straight = await faceMismatch(b64, face);
      const mirrored = await faceMismatch(b64, face, true);
      const { box, diff, widthShare } = straight.diff <= mirrored.diff ? straight : mirrored;
      expect(box).toBeDefined();
      expect(widthShare).toBeGreaterThanOrEqual(0.44);
      expect(widthShare).toBeLessThanOrEqual(0.56);
      diffs.push(diff);
    }
    // Still the reference face (a different picture would be far off), but never a pixel-perfect paste.
    expect(Math.max(...diffs)).toBeLessThan(45);
    expect(Math.min(...diffs)).toBeGreaterThan(2);
  });

  it('shows no face in a view from behind (the sheet’s back shot), with the same face reference', async () => {
    const face = await distinctiveFace();
    const front = await image(t2i({ seed: 3, width: 512, height: 640, faceImage: face }));
    const back = await image(t2i({ seed: 3, width: 512, height: 640, faceImage: face, prompt: 'a woman, back view, seen from behind, soft light, full body shot' }));
    expect(magentaBox(await decode(front))).toBeDefined();
    expect(magentaBox(await decode(back))).toBeUndefined();
    // No face box is noted for the trainer either.
    expect(readTextChunk(Buffer.from(back, 'base64'), FACE_BOX_KEY)).toBeUndefined();
    expect(readTextChunk(Buffer.from(front, 'base64'), FACE_BOX_KEY)).toBeDefined();
  });

  it('keeps the same environment in the same hue across outfits, and changes it with the environment', async () => {
    const corner = async (prompt: string, seed: number) => (await decode(await image(t2i({ prompt, seed })))).data.subarray(0, 3);
    const cafeA = await corner('a woman, wearing a red dress, in a trendy cafe, warm interior, candid moment', 1);
    const cafeB = await corner('a woman, wearing a grey hoodie, in a trendy cafe, warm interior, fashion editorial style', 2);
    const beach = await corner('a woman, wearing a red dress, on a sunny beach, ocean in background, candid moment', 1);
    const distance = (x: Buffer, y: Buffer) => Math.max(...[0, 1, 2].map((i) => Math.abs(x[i]! - y[i]!)));
    expect(distance(cafeA, cafeB)).toBeLessThan(30);
    expect(distance(cafeA, beach)).toBeGreaterThan(30);
  });
});

describe('LoRA mode', () => {
  it('composites the face embedded in the LoRA file', async () => {
    const face = await distinctiveFace(180, 220);
    await writeLora(volumeDir, 'with_face.safetensors', face);
    const { box, diff } = await faceMismatch(await image(t2i({ lora: { name: 'with_face.safetensors' } })), face);
    expect(box).toBeDefined();
    expect(diff).toBeLessThan(8);
  });

  it('draws a face from the LoRA name when the file carries none: stable per LoRA, different across LoRAs', async () => {
    await writeLora(volumeDir, 'anna.safetensors');
    await writeLora(volumeDir, 'bea.safetensors');
    const anna = await image(t2i({ lora: { name: 'anna.safetensors' } }));
    expect(await image(t2i({ lora: { name: 'anna.safetensors' } }))).toBe(anna);
    expect(await image(t2i({ lora: { name: 'bea.safetensors' } }))).not.toBe(anna);
  });
});

describe('inpainting', () => {
  it('repaints the white pixels of the mask; black ones only drift by a few levels, like a VAE round-trip', async () => {
    const source = await noisePng(96, 64);
    const maskRaw = Buffer.alloc(96 * 64);
    for (let y = 0; y < 64; y++) for (let x = 0; x < 96; x++) maskRaw[y * 96 + x] = x >= 30 && x < 60 && y >= 10 && y < 40 ? 255 : 0;
    const mask = await sharp(maskRaw, { raw: { width: 96, height: 64, channels: 1 } })
      .png()
      .toBuffer();
    const out = await decode(await image(inpaintInput(source, mask)));
    const src = await sharp(source).raw().toBuffer();
    expect([out.info.width, out.info.height, out.info.channels]).toEqual([96, 64, 3]);
    let changedInside = 0;
    let changedOutside = 0;
    let maxOutside = 0;
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 96; x++) {
        const i = (y * 96 + x) * 3;
        const same = out.data.subarray(i, i + 3).equals(src.subarray(i, i + 3));
        if (maskRaw[y * 96 + x]) changedInside += same ? 0 : 1;
        else {
          changedOutside += same ? 0 : 1;
          for (let c = 0; c < 3; c++) maxOutside = Math.max(maxOutside, Math.abs(out.data[i + c]! - src[i + c]!));
        }
      }
    }
    expect(changedInside).toBeGreaterThan(30 * 30 * 0.95);
    // Outside: never exact (the product composites to get that), never more than a few levels off.
    expect(changedOutside).toBeGreaterThan((96 * 64 - 30 * 30) / 2);
    expect(maxOutside).toBeLessThanOrEqual(4);
  });

  it('scales a mask of another size to the source, and is deterministic', async () => {
    const source = await noisePng(80, 80, 5);
    const mask = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#000' } })
      .composite([
        {
          input: await sharp({ create: { width: 20, height: 40, channels: 3, background: '#fff' } })
            .png()
            .toBuffer(),
          left: 0,
          top: 0,
        },
      ])
      .png()
      .toBuffer();
    const first = await image(inpaintInput(source, mask, 9));
    expect(await image(inpaintInput(source, mask, 9))).toBe(first);
    const out = await decode(first);
    const src = await sharp(source).raw().toBuffer();
    expect(out.data.subarray(0, 3).equals(src.subarray(0, 3))).toBe(false);
    const right = (79 * 80 + 79) * 3;
    for (let c = 0; c < 3; c++) expect(Math.abs(out.data[right + c]! - src[right + c]!)).toBeLessThanOrEqual(4);
  });
});
