import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { faceapi, loadFaceModels, tf } from './face-models.js';
import { fusedSsdForward, type SsdParams } from './fused-ssd.js';

// The fused forward pass against face-api's own, on the photographs that ship with face-api
// (one to several people each) and their mirror images: the same faces, boxes, scores and
// descriptors, to float rounding.

const demo = path.join(path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo');
const SIDE = 640;
const ssd = faceapi.nets.ssdMobilenetv1;
let original: typeof ssd.forwardInput;
let fused: typeof ssd.forwardInput;

beforeAll(async () => {
  await loadFaceModels();
  original = ssd.forwardInput.bind(ssd);
  fused = fusedSsdForward(tf, ssd.params as unknown as SsdParams) as unknown as typeof ssd.forwardInput;
});

async function inputs(): Promise<Array<{ name: string; input: ReturnType<typeof tf.tensor3d> }>> {
  const files = (await readdir(demo)).filter((f) => f.endsWith('.jpg'));
  const out = [];
  for (const f of files) {
    for (const flop of [false, true]) {
      const { data } = await sharp(await readFile(path.join(demo, f)))
        .flop(flop)
        .resize(SIDE, SIDE, { fit: 'contain', background: '#808080' })
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      out.push({ name: `${f}${flop ? ' mirrored' : ''}`, input: tf.tensor3d(new Uint8Array(data), [SIDE, SIDE, 3], 'int32') });
    }
  }
  return out;
}

const detect = async (input: ReturnType<typeof tf.tensor3d>, forward: typeof ssd.forwardInput) => {
  ssd.forwardInput = forward;
  return faceapi
    .detectAllFaces(input as never, new faceapi.SsdMobilenetv1Options({ minConfidence: 0.3 }))
    .withFaceLandmarks()
    .withFaceDescriptors();
};

describe('fusedSsdForward', () => {
  it('finds what face-api finds: same faces, boxes within 0.05 px, scores within 1e-4, descriptors within 1e-3', async () => {
    let faces = 0;
    for (const { name, input } of await inputs()) {
      const want = await detect(input, original);
      const got = await detect(input, fused);
      expect(got.length, name).toBe(want.length);
      want.forEach((w, i) => {
        const g = got[i]!;
        expect(Math.abs(g.detection.score - w.detection.score), name).toBeLessThan(1e-4);
        for (const k of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(g.detection.box[k] - w.detection.box[k]), `${name} ${k}`).toBeLessThan(0.05);
        expect(faceapi.euclideanDistance(g.descriptor, w.descriptor), name).toBeLessThan(1e-3);
      });
      faces += want.length;
      input.dispose();
    }
    expect(faces).toBeGreaterThanOrEqual(12); // the photographs show people, several each
  });

  it('keeps no tensor of a pass alive', async () => {
    const all = await inputs();
    const { input } = all[0]!;
    await detect(input, fused);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await detect(input, fused);
    expect(tf.memory().numTensors).toBe(before);
    for (const i of all) i.input.dispose();
  });
});
