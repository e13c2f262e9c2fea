import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { buildInpaint, buildTextToImage, DEFAULT_MODEL_FILES, MODEL_FILES, type TextToImageParams } from '../../src/providers/comfy/index.js';
import { startLocalGpu } from '../src/local-gpu.js';
import type { LocalGpu, LocalGpuOptions } from '../src/types.js';

// Test-only helpers shared by the tests beside them: a fetch-based caller of the RunPod routes, job
// inputs built with the product's own workflow builders (what the simulator exists to run), and
// images made with sharp.

/** A parsed JSON response; tests reach into it freely. */
export type Body = Record<string, any>;

export const FINAL = ['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT'];

export async function startTestGpu(o: LocalGpuOptions = {}): Promise<LocalGpu & ReturnType<typeof caller>> {
  const gpu = await startLocalGpu({
    modelFiles: structuredClone(DEFAULT_MODEL_FILES) as Record<string, string[]>,
    ...o,
    defaults: { workers: 2, stepMs: 1, coldStartMs: 0, ...o.defaults },
  });
  return Object.assign(gpu, caller(gpu.url, gpu.apiKey));
}

export function caller(url: string, apiKey: string) {
  async function call(method: string, path: string, body?: unknown, key = apiKey): Promise<{ status: number; body: Body; headers: Headers }> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Body) : {}, headers: res.headers };
  }
  const ok = async (method: string, path: string, body?: unknown) => {
    const r = await call(method, path, body);
    if (r.status !== 200) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  return {
    call,
    run: (ep: string, input: unknown, extra: Body = {}) => ok('POST', `/${ep}/run`, { input, ...extra }),
    status: (ep: string, id: string) => ok('GET', `/${ep}/status/${id}`),
    /** Polls /status until the job is in one of `statuses` (final by default). */
    async until(ep: string, id: string, statuses = FINAL, timeoutMs = 10_000): Promise<Body> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const body = await ok('GET', `/${ep}/status/${id}`);
        if (statuses.includes(body.status)) return body;
        if (Date.now() > deadline) throw new Error(`job ${id} still ${body.status}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  };
}

export function t2i(p: Partial<TextToImageParams> & { faceImage?: Buffer } = {}) {
  const { faceImage, ...params } = p;
  const workflow = buildTextToImage({
    engine: 'flux_dev',
    model: MODEL_FILES.fluxDevCheckpoint,
    prompt: 'a woman with auburn hair, wearing a denim jacket, in a trendy cafe, coffee shop ambiance, candid moment',
    width: 256,
    height: 320,
    steps: 4,
    seed: 7,
    ...(faceImage ? { faceReference: { imageName: 'face.png' } } : {}),
    ...params,
  });
  return { workflow, ...(faceImage ? { images: [{ name: 'face.png', image: faceImage.toString('base64') }] } : {}) };
}

export function inpaintInput(source: Buffer, mask: Buffer, seed = 3) {
  const workflow = buildInpaint({ model: MODEL_FILES.fluxFill, sourceImageName: 'src.png', maskImageName: 'mask.png', prompt: 'red lipstick', seed, steps: 2 });
  return {
    workflow,
    images: [
      { name: 'src.png', image: `data:image/png;base64,${source.toString('base64')}` },
      { name: 'mask.png', image: mask.toString('base64') },
    ],
  };
}

export async function decode(b64: string) {
  return sharp(Buffer.from(b64, 'base64')).raw().toBuffer({ resolveWithObject: true });
}

/** A deterministic noisy RGB image: every pixel differs, so "unchanged" really means unchanged. */
export function noisePng(width: number, height: number, seed = 1): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = s >>> 24;
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** A "face" no background can contain: a pure magenta frame around four saturated quadrants. */
export async function distinctiveFace(width = 200, height = 240): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  const quad = [
    [255, 0, 0],
    [0, 200, 0],
    [0, 0, 255],
    [255, 255, 0],
  ];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const frame = x < 12 || y < 12 || x >= width - 12 || y >= height - 12;
      const c = frame ? [255, 0, 255] : quad[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)]!;
      data.set(c, (y * width + x) * 3);
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** Bounding box of the pixels close to magenta (the distinctive face's frame). */
export function magentaBox(raw: { data: Buffer; info: { width: number; height: number; channels: number } }) {
  const { data, info } = raw;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -1, -1];
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const i = (y * info.width + x) * info.channels;
      // Tolerant: a face-reference render blends up to 25 % of another face over the frame.
      if (data[i]! > 170 && data[i + 1]! < 100 && data[i + 2]! > 170 && data[i]! - data[i + 1]! > 110)
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
  }
  return x1 < 0 ? undefined : { left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** A receiver for webhooks that answers 500 to the first `failFirst` deliveries. */
export async function webhookReceiver(failFirst = 0) {
  const received: Array<{ at: number; body: Body }> = [];
  let failures = failFirst;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ at: Date.now(), body: JSON.parse(Buffer.concat(chunks).toString()) as Body });
    res.writeHead(failures-- > 0 ? 500 : 200).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=abc`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes a minimal safetensors LoRA under `volumeDir/models/loras`, optionally carrying a face PNG. */
export async function writeLora(volumeDir: string, name: string, facePng?: Buffer): Promise<void> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const meta = { format: 'pt', ...(facePng ? { content_studio_face_png: facePng.toString('base64') } : {}) };
  let header = JSON.stringify({ __metadata__: meta, 'lora.weight': { dtype: 'F32', shape: [1], data_offsets: [0, 4] } });
  header += ' '.repeat((8 - (header.length % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  await mkdir(join(volumeDir, 'models', 'loras'), { recursive: true });
  await writeFile(join(volumeDir, 'models', 'loras', name), Buffer.concat([length, Buffer.from(header), Buffer.alloc(4)]));
}
