import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import type { FaceReply, FaceRequest } from './face-worker.js';
import { FaceAnalyzerError, type DetectedFace, type FaceAnalysis, type FaceAnalyzer, type FacePriority } from './types.js';

export interface LocalFaceAnalyzerOptions {
  /** nice value of the model thread (0 normal … 19 idle-only); default 19 */
  nice?: number;
  /** detector confidence below which a face is not a face; default 0.5 */
  minConfidence?: number;
}

/**
 * The detector works on a 512 px square and stretches what it is given: a portrait-format render
 * loses its faces (confidence 0.4 instead of 0.99). Images are letterboxed into a square first.
 */
const SIDE = 640;
const CACHE_ENTRIES = 256;

interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Intersection over union of two boxes. */
function overlap(a: DetectedFace['box'], b: DetectedFace['box']): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

interface Pending {
  request: Omit<FaceRequest, 'id'>;
  priority: FacePriority;
  resolve: (a: FaceAnalysis) => void;
  reject: (e: Error) => void;
}

/**
 * face-api on this CPU, in one low-priority worker thread started at the first request. One
 * analysis at a time; uploads jump the queue of background scoring. Results are cached by
 * content (the same base image is analysed once per process).
 */
export function createLocalFaceAnalyzer(o: LocalFaceAnalyzerOptions = {}): FaceAnalyzer {
  let worker: Worker | null = null;
  let nextId = 1;
  let inFlight: (Pending & { id: number }) | null = null;
  const queue: Pending[] = [];
  const cache = new Map<string, Promise<FaceAnalysis>>();
  let closed = false;

  const start = (): Worker => {
    const here = fileURLToPath(import.meta.url);
    const bundled = here.endsWith('.js');
    const dir = path.dirname(here);
    const workerData = { nice: o.nice ?? 19, minConfidence: o.minConfidence ?? 0.5, entry: path.join(dir, 'face-worker.ts') };
    const w = bundled ? new Worker(path.join(dir, 'face-worker.js'), { workerData }) : new Worker(path.join(dir, 'face-worker-boot.mjs'), { workerData });
    w.unref();
    w.on('message', (reply: FaceReply) => {
      const job = inFlight;
      if (!job || job.id !== reply.id) return;
      inFlight = null;
      if (reply.ok)
        job.resolve({
          faces: reply.faces.map((f) => ({ box: { x: f.box[0], y: f.box[1], width: f.box[2], height: f.box[3] }, confidence: f.confidence, descriptor: f.descriptor })),
          ms: reply.ms,
        });
      else job.reject(new FaceAnalyzerError(`face analysis failed: ${reply.error}`));
      pump();
    });
    w.on('error', (err) => fail(new FaceAnalyzerError(`face models stopped: ${err.message}`)));
    w.on('exit', (code) => {
      worker = null;
      if (!closed && code !== 0) fail(new FaceAnalyzerError(`face models exited with code ${code}`));
    });
    return w;
  };

  const fail = (err: Error) => {
    const job = inFlight;
    inFlight = null;
    job?.reject(err);
    worker = null;
    pump();
  };

  const pump = () => {
    if (inFlight || closed) return;
    const at = queue.findIndex((p) => p.priority === 'interactive');
    const next = queue.splice(at >= 0 ? at : 0, 1)[0];
    if (!next) return;
    worker ??= start();
    inFlight = { ...next, id: nextId++ };
    // While a request is in flight the thread keeps the process alive; idle, it does not.
    worker.ref();
    worker.postMessage({ id: inFlight.id, ...next.request } satisfies FaceRequest, [next.request.rgb.buffer as ArrayBuffer]);
    if (queue.length === 0) void Promise.resolve().then(() => inFlight === null && worker?.unref());
  };

  /** One region of the image, letterboxed into the detector's square; boxes come back as fractions of the whole image. */
  const detect = async (image: Buffer, size: { w: number; h: number }, region: Region, priority: FacePriority): Promise<FaceAnalysis> => {
    const scale = SIDE / Math.max(region.width, region.height);
    const fit = { width: Math.max(1, Math.round(region.width * scale)), height: Math.max(1, Math.round(region.height * scale)) };
    const pad = { left: Math.floor((SIDE - fit.width) / 2), top: Math.floor((SIDE - fit.height) / 2) };
    const { data, info } = await sharp(image)
      .extract(region)
      .resize(fit.width, fit.height, { fit: 'fill' })
      .extend({ left: pad.left, top: pad.top, right: SIDE - fit.width - pad.left, bottom: SIDE - fit.height - pad.top, background: '#808080' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (closed) throw new FaceAnalyzerError('face analyzer is closed');
    const rgb = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    const found = await new Promise<FaceAnalysis>((resolve, reject) => {
      queue.push({ request: { rgb, width: info.width, height: info.height }, priority, resolve, reject });
      pump();
    });
    const toImage = (b: DetectedFace['box']) => ({
      x: (region.left + ((b.x * SIDE - pad.left) / fit.width) * region.width) / size.w,
      y: (region.top + ((b.y * SIDE - pad.top) / fit.height) * region.height) / size.h,
      width: ((b.width * SIDE) / fit.width) * (region.width / size.w),
      height: ((b.height * SIDE) / fit.height) * (region.height / size.h),
    });
    return { ...found, faces: found.faces.map((f) => ({ ...f, box: toImage(f.box) })) };
  };

  const run = async (input: Buffer, priority: FacePriority): Promise<FaceAnalysis> => {
    let image = input;
    let meta;
    try {
      meta = await sharp(input).metadata();
      if ((meta.orientation ?? 1) > 1) {
        image = await sharp(input).autoOrient().toBuffer();
        meta = await sharp(image).metadata();
      }
    } catch (err) {
      throw new FaceAnalyzerError(`not a readable image: ${(err as Error).message}`);
    }
    const size = { w: meta.width ?? 1, h: meta.height ?? 1 };
    const whole = await detect(image, size, { left: 0, top: 0, width: size.w, height: size.h }, priority);
    const side = Math.min(size.w, size.h);
    const long = Math.max(size.w, size.h);
    if (whole.faces.length > 0 || long < side * 1.15) return whole;
    // Nothing in a tall or wide frame: look again through square windows along its long side,
    // where a face is as large to the detector as in a portrait.
    const windows = Math.ceil((long - side) / (side / 2)) + 1;
    let ms = whole.ms;
    const faces: DetectedFace[] = [];
    for (let i = 0; i < windows; i++) {
      const offset = Math.round(((long - side) * i) / (windows - 1));
      const region = size.w >= size.h ? { left: offset, top: 0, width: side, height: side } : { left: 0, top: offset, width: side, height: side };
      const part = await detect(image, size, region, priority);
      ms += part.ms;
      for (const f of part.faces) {
        const same = faces.findIndex((g) => overlap(g.box, f.box) > 0.4);
        if (same < 0) faces.push(f);
        else if (f.confidence > faces[same]!.confidence) faces[same] = f;
      }
    }
    return { faces, ms };
  };

  return {
    model: 'face-api@1.7.15 ssd_mobilenetv1+face_recognition (128-d, euclidean)',
    analyze(image, priority = 'background') {
      const key = createHash('sha1').update(image).digest('hex');
      let hit = cache.get(key);
      if (hit) return hit;
      hit = run(image, priority);
      cache.set(key, hit);
      if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
      hit.catch(() => cache.delete(key));
      return hit;
    },
    async close() {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new FaceAnalyzerError('face analyzer is closed'));
      inFlight?.reject(new FaceAnalyzerError('face analyzer is closed'));
      inFlight = null;
      await worker?.terminate();
      worker = null;
    },
  };
}
