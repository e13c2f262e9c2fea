import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import type { FaceReply, FaceRequest } from './face-worker.js';
import { FaceAnalyzerError, type FaceAnalysis, type FaceAnalyzer, type FacePriority } from './types.js';

export interface LocalFaceAnalyzerOptions {
  /** nice value of the model thread (0 normal … 19 idle-only); default 19 */
  nice?: number;
  /** detector confidence below which a face is not a face; default 0.5 */
  minConfidence?: number;
}

/** The detector works at 512 px; larger inputs only cost decode and memory. */
const MAX_SIDE = 640;
const CACHE_ENTRIES = 256;

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
      if (reply.ok) job.resolve({ faces: reply.faces.map((f) => ({ box: { x: f.box[0], y: f.box[1], width: f.box[2], height: f.box[3] }, confidence: f.confidence, descriptor: f.descriptor })), ms: reply.ms });
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

  const run = async (image: Buffer, priority: FacePriority): Promise<FaceAnalysis> => {
    // Decoding happens here, on libuv's pool: the model thread only runs the nets.
    const { data, info } = await sharp(image)
      .autoOrient()
      .resize(MAX_SIDE, MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true })
      .catch((err: Error) => {
        throw new FaceAnalyzerError(`not a readable image: ${err.message}`);
      });
    if (closed) throw new FaceAnalyzerError('face analyzer is closed');
    const rgb = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    return new Promise<FaceAnalysis>((resolve, reject) => {
      queue.push({ request: { rgb, width: info.width, height: info.height }, priority, resolve, reject });
      pump();
    });
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
