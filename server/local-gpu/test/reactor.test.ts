import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_FILES, MODEL_FILES, REACTOR_NSFW_DETECTOR_FILES } from '../../src/providers/comfy/index.js';
import { REACTOR_DETECTOR_FILE } from '../src/worker-comfyui.js';
import { distinctiveFace, startTestGpu, t2i, type Body } from './support.js';

// ReActor (the Z-Image face-reference path) runs an NSFW classifier on every swap; without the
// classifier's model on the volume it flags everything and returns a black image.

const withoutDetector = () => {
  const files = structuredClone(DEFAULT_MODEL_FILES) as Record<string, string[]>;
  delete files.nsfw_detector;
  return files;
};

let volumeDir: string;
beforeAll(async () => {
  volumeDir = await fs.mkdtemp(path.join(os.tmpdir(), 'local-gpu-reactor-'));
});
afterAll(() => fs.rm(volumeDir, { recursive: true, force: true }));

async function render(modelFiles: Record<string, string[]>, input: unknown) {
  const gpu = await startTestGpu({ volumeDir, modelFiles, defaults: { workers: 1, stepMs: 0 } });
  try {
    const job: Body = await gpu.until('image', (await gpu.run('image', input)).id);
    expect(job.status).toBe('COMPLETED');
    const png = Buffer.from(job.output.images[0].data as string, 'base64');
    const { channels } = await sharp(png).stats();
    return { max: Math.max(...channels.slice(0, 3).map((c) => c.max)), meta: await sharp(png).metadata() };
  } finally {
    await gpu.close();
  }
}

describe('ReActor face swap (Z-Image face reference)', () => {
  const zImageFaceRef = async () => t2i({ engine: 'z_image_turbo', model: MODEL_FILES.zImageTurbo, faceImage: await distinctiveFace(), width: 256, height: 320 });

  it('the product lists the NSFW detector the simulator checks for', () => {
    expect(DEFAULT_MODEL_FILES.nsfw_detector).toEqual(REACTOR_NSFW_DETECTOR_FILES.map((f) => `vit-base-nsfw-detector/${f}`));
    expect(DEFAULT_MODEL_FILES.nsfw_detector).toContain(REACTOR_DETECTOR_FILE);
  });

  it('returns a black image of the same size when the detector model is missing', async () => {
    const out = await render(withoutDetector(), await zImageFaceRef());
    expect(out.max).toBe(0);
    expect([out.meta.width, out.meta.height]).toEqual([256, 320]);
  });

  it('renders the picture when the detector is on the volume', async () => {
    expect((await render(structuredClone(DEFAULT_MODEL_FILES) as Record<string, string[]>, await zImageFaceRef())).max).toBeGreaterThan(100);
  });

  it('does not touch graphs without ReActor', async () => {
    expect((await render(withoutDetector(), t2i({ faceImage: await distinctiveFace() }))).max).toBeGreaterThan(100);
  });
});
