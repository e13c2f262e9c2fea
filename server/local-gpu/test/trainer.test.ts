import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { zipStream } from '../../src/providers/archive/zip.js';
import sharp from 'sharp';
import { FACE_BOX_KEY, withTextChunk } from '../src/png-text.js';
import { readSafetensorsMetadata } from '../src/volume.js';
import { MODEL_FILES } from '../../src/providers/comfy/index.js';
import { distinctiveFace, startTestGpu, t2i, type Body } from './support.js';
import type { LocalGpuOptions } from '../src/types.js';

type Gpu = Awaited<ReturnType<typeof startTestGpu>>;
let gpu: Gpu;
let volumeDir: string;
let datasets: { url: string; close(): Promise<void>; requests: number };
let face: Buffer;

/** Serves one dataset zip (two images, their captions) over HTTP, as our storage's signed URL would. */
async function datasetServer(files: Array<{ name: string; data: Buffer }>) {
  const { stream } = await zipStream(files.map((f) => ({ name: f.name, size: f.data.length, mtime: new Date(0), read: async () => f.data })));
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  const zip = Buffer.concat(chunks);
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    state.requests++;
    if (req.url !== '/dataset.zip') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/zip' }).end(zip);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dataset.zip`,
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function trainingInput(o: Partial<Body> = {}): Body {
  return {
    dataset_url: datasets.url,
    trigger_word: 'csx_anna',
    base_model: 'flux_dev',
    steps: 40,
    learning_rate: 0.0004,
    lora_rank: 4,
    resolution: 512,
    batch_size: 1,
    seed: 42,
    output: { volume_path: 'models/loras/cs/anna.safetensors' },
    ...o,
  };
}

beforeAll(async () => {
  face = await distinctiveFace(200, 240);
  datasets = await datasetServer([
    { name: '01_front.png', data: face },
    { name: '01_front.txt', data: Buffer.from('csx_anna, front view, headshot') },
    { name: '02_back.png', data: face },
    { name: '02_back.txt', data: Buffer.from('csx_anna, back view, full body') },
  ]);
});
afterAll(() => datasets.close());

async function start(o: LocalGpuOptions = {}) {
  volumeDir = await mkdtemp(path.join(tmpdir(), 'local-gpu-train-'));
  gpu = await startTestGpu({ volumeDir, ...o, endpoints: { 'lora-training': { workers: 1, stepMs: 5 }, ...o.endpoints } });
}
afterEach(async () => {
  await gpu.close();
  await rm(volumeDir, { recursive: true, force: true });
});

describe('LoRA trainer', () => {
  it('downloads the dataset, reports stage and step while IN_PROGRESS, and writes a real .safetensors served by URL', async () => {
    await start();
    const { id } = await gpu.run('lora-training', trainingInput(), { policy: { executionTimeout: 7_200_000 } });
    const running = await gpu.until('lora-training', id, ['IN_PROGRESS']);
    let progress = running.output;
    for (let i = 0; i < 200 && progress?.stage !== 'training'; i++) {
      await new Promise((r) => setTimeout(r, 5));
      progress = (await gpu.status('lora-training', id)).output;
    }
    expect(progress).toMatchObject({ stage: 'training', step: expect.any(Number), total: 40 });
    const done = await gpu.until('lora-training', id);
    expect(done.status).toBe('COMPLETED');
    expect(done.executionTime).toBeGreaterThanOrEqual(40 * 5);
    expect(done.output).toMatchObject({
      steps_completed: 40,
      lora: { volume_path: 'models/loras/cs/anna.safetensors', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/_local\/volume\//) },
    });
    expect(datasets.requests).toBeGreaterThan(0);

    const file = path.join(volumeDir, 'models/loras/cs/anna.safetensors');
    const bytes = await readFile(file);
    expect(done.output.lora.size_bytes).toBe(bytes.length);
    expect(done.output.lora.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
    const tensors = Object.entries(header).filter(([k]) => k !== '__metadata__') as Array<[string, { dtype: string; shape: number[]; data_offsets: [number, number] }]>;
    expect(tensors.length).toBeGreaterThan(0);
    const end = Math.max(...tensors.map(([, t]) => t.data_offsets[1]));
    expect(8 + headerLength + end).toBe(bytes.length);
    const meta = await readSafetensorsMetadata(file);
    expect(meta).toMatchObject({ content_studio_trigger_word: 'csx_anna', content_studio_base_model: 'flux_dev', content_studio_face_png: expect.any(String) });

    const served = await fetch(done.output.lora.url, { headers: { authorization: `Bearer ${gpu.apiKey}` } });
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(done.output.lora.url)).status).toBe(401);

    // The image endpoint loads it by name; a LoRA that is not on the volume fails validation.
    const render = await gpu.until('image', (await gpu.run('image', t2i({ lora: { name: 'cs/anna.safetensors' } }))).id);
    expect(render.status).toBe('COMPLETED');
    const missing = await gpu.until('image', (await gpu.run('image', t2i({ lora: { name: 'cs/nobody.safetensors' } }))).id);
    expect(missing.status).toBe('FAILED');
    expect(missing.error).toContain('nobody.safetensors');
  });

  it('a LoRA acts on its own base model only: on Z-Image a Flux LoRA renders no learned face, a Z-Image LoRA does', async () => {
    await start();
    for (const [base, file] of [
      ['flux_dev', 'cs/anna_flux.safetensors'],
      ['z_image_turbo', 'cs/anna_z.safetensors'],
    ] as const) {
      const { id } = await gpu.run('lora-training', trainingInput({ base_model: base, output: { volume_path: `models/loras/${file}` } }));
      expect((await gpu.until('lora-training', id)).status).toBe('COMPLETED');
      expect(await readSafetensorsMetadata(path.join(volumeDir, 'models/loras', file))).toMatchObject({ content_studio_base_model: base });
    }
    const zImage = (lora?: string) => t2i({ engine: 'z_image_turbo', model: MODEL_FILES.zImageTurbo, ...(lora ? { lora: { name: lora } } : {}) });
    const png = async (body: ReturnType<typeof t2i>) => {
      const done = await gpu.until('image', (await gpu.run('image', body)).id);
      expect(done.status).toBe('COMPLETED');
      return done.output.images[0].data as string;
    };
    const plain = await png(zImage());
    // Loads without an error (as in ComfyUI) and changes nothing: the same picture as without a LoRA.
    expect(await png(zImage('cs/anna_flux.safetensors'))).toBe(plain);
    expect(await png(zImage('cs/anna_z.safetensors'))).not.toBe(plain);
    // And the Flux LoRA does apply on a Flux graph.
    expect(await png(t2i({ lora: { name: 'cs/anna_flux.safetensors' } }))).not.toBe(await png(t2i()));
  });

  it('learns what the first three views share: a mirrored view among them (even the first) is outvoted, later views do not count', async () => {
    await start();
    const faceRaw = await sharp(face).raw().toBuffer({ resolveWithObject: true });
    const { width, height } = faceRaw.info;
    // Renders as the local GPU writes them: the face drawn somewhere on a canvas, its box noted.
    const view = async (drawn: Buffer, left: number, top: number) => {
      const png = await sharp({ create: { width: 400, height: 480, channels: 3, background: '#123456' } })
        .composite([{ input: drawn, left, top }])
        .png()
        .toBuffer();
      return withTextChunk(png, FACE_BOX_KEY, JSON.stringify({ left, top, width, height }));
    };
    const mirrored = await sharp(face).flop().png().toBuffer();
    const someoneElse = await sharp(face).negate({ alpha: false }).png().toBuffer();
    const served = await datasetServer([
      { name: '01_front.png', data: await view(mirrored, 150, 200) },
      { name: '02_left.png', data: await view(face, 10, 20) },
      { name: '03_right.png', data: await view(face, 90, 60) },
      { name: '04_other.png', data: await view(someoneElse, 0, 0) },
      { name: '05_other.png', data: await view(someoneElse, 30, 30) },
    ]);
    try {
      const { id } = await gpu.run('lora-training', trainingInput({ dataset_url: served.url }));
      expect((await gpu.until('lora-training', id)).status).toBe('COMPLETED');
    } finally {
      await served.close();
    }
    const meta = await readSafetensorsMetadata(path.join(volumeDir, 'models/loras/cs/anna.safetensors'));
    const learned = await sharp(Buffer.from(meta.content_studio_face_png!, 'base64')).raw().toBuffer({ resolveWithObject: true });
    expect(learned.info).toMatchObject({ width, height, channels: 3 });
    const meanDiff = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;
    const mirroredRaw = await sharp(mirrored).raw().toBuffer();
    expect(meanDiff(learned.data, faceRaw.data)).toBeLessThan(1);
    expect(meanDiff(learned.data, mirroredRaw)).toBeGreaterThan(50);
  });

  it('is cancelled mid-training: CANCELLED, and no file is written', async () => {
    await start({ endpoints: { 'lora-training': { workers: 1, stepMs: 20 } } });
    const { id } = await gpu.run('lora-training', trainingInput({ steps: 200 }));
    await gpu.until('lora-training', id, ['IN_PROGRESS']);
    await gpu.call('POST', `/lora-training/cancel/${id}`);
    expect((await gpu.until('lora-training', id)).status).toBe('CANCELLED');
    await new Promise((r) => setTimeout(r, 50));
    await expect(stat(path.join(volumeDir, 'models/loras/cs/anna.safetensors'))).rejects.toThrow();
  });

  it('times out past policy.executionTimeout, and injects permanent and transient failures', async () => {
    await start({ endpoints: { 'lora-training': { workers: 2, stepMs: 20 } } });
    const slow = await gpu.run('lora-training', trainingInput({ steps: 500 }), { policy: { executionTimeout: 200 } });
    expect((await gpu.until('lora-training', slow.id)).status).toBe('TIMED_OUT');

    gpu.configure('lora-training', {
      stepMs: 1,
      failures: [
        { kind: 'permanent', times: 1 },
        { kind: 'transient', times: 1 },
      ],
    });
    const permanent = await gpu.until('lora-training', (await gpu.run('lora-training', trainingInput())).id);
    expect(permanent).toMatchObject({ status: 'FAILED', error: expect.stringContaining('is missing') });
    const transient = await gpu.until('lora-training', (await gpu.run('lora-training', trainingInput())).id);
    expect(transient).toMatchObject({ status: 'FAILED', error: expect.stringContaining('CUDA out of memory') });
  });

  it('an injected hang holds the training IN_PROGRESS mid-way until policy.executionTimeout, then TIMED_OUT with no file; the next one trains', async () => {
    await start({ endpoints: { 'lora-training': { workers: 1, stepMs: 2, failures: [{ kind: 'hang', times: 1 }] } } });
    const hung = await gpu.run('lora-training', trainingInput(), { policy: { executionTimeout: 400 } });
    const mid = await gpu.until('lora-training', hung.id, ['IN_PROGRESS'], 10_000);
    expect(mid.status).toBe('IN_PROGRESS');
    await new Promise((r) => setTimeout(r, 150));
    const stuck = await gpu.status('lora-training', hung.id);
    expect(stuck).toMatchObject({ status: 'IN_PROGRESS', output: { stage: 'training', step: expect.any(Number), total: 40 } });
    expect(stuck.output.step).toBeLessThan(40);
    const timedOut = await gpu.until('lora-training', hung.id);
    expect(timedOut.status).toBe('TIMED_OUT');
    expect(timedOut.executionTime).toBeGreaterThanOrEqual(390);
    await expect(stat(path.join(volumeDir, 'models/loras/cs/anna.safetensors'))).rejects.toThrow();
    expect(gpu.stats().endpoints['lora-training']).toMatchObject({ timedOut: 1 });
    // The worker was freed: the next training runs on it and completes.
    const next = await gpu.until('lora-training', (await gpu.run('lora-training', trainingInput(), { policy: { executionTimeout: 60_000 } })).id);
    expect(next.status).toBe('COMPLETED');
  });

  it('fails with a readable reason on a bad dataset URL, a bad input or a path outside the volume', async () => {
    await start();
    const notFound = await gpu.until('lora-training', (await gpu.run('lora-training', trainingInput({ dataset_url: datasets.url.replace('dataset.zip', 'nope.zip') }))).id);
    expect(notFound).toMatchObject({ status: 'FAILED', error: expect.stringContaining('HTTP 404') });
    const invalid = await gpu.until('lora-training', (await gpu.run('lora-training', trainingInput({ steps: 0 }))).id);
    expect(invalid).toMatchObject({ status: 'FAILED', error: expect.stringContaining('steps') });
    const escape = await gpu.until('lora-training', (await gpu.run('lora-training', trainingInput({ output: { volume_path: '../../etc/x.safetensors' } }))).id);
    expect(escape).toMatchObject({ status: 'FAILED', error: expect.stringContaining('volume_path') });
  });
});
