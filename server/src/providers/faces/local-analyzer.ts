import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FACE_WORKER_ENV, type FaceReply, type FaceRequest } from './face-protocol.js';
import { FaceAnalyzerError, type FaceAnalysis, type FaceAnalyzer, type FacePriority } from './types.js';

export interface LocalFaceAnalyzerOptions {
  /** nice value of the models' process (0 normal … 19 idle-only); default 19 */
  nice?: number;
  /** detector confidence below which a face is not a face; default 0.5 */
  minConfidence?: number;
}

const CACHE_ENTRIES = 256;

interface Pending {
  image: Buffer;
  priority: FacePriority;
  resolve: (a: FaceAnalysis) => void;
  reject: (e: Error) => void;
}

/**
 * face-api on this CPU, in one low-priority child process started at the first request: decode,
 * detection and embedding all run there, so neither the API's event loop nor its memory carries
 * the models. One analysis at a time; uploads jump the queue of background scoring. Results are
 * cached by content (the same base image is analysed once per process).
 */
export function createLocalFaceAnalyzer(o: LocalFaceAnalyzerOptions = {}): FaceAnalyzer {
  let child: ChildProcess | null = null;
  let nextId = 1;
  let inFlight: (Pending & { id: number }) | null = null;
  const queue: Pending[] = [];
  const cache = new Map<string, Promise<FaceAnalysis>>();
  let closed = false;

  // While a request is in flight the process keeps ours alive; idle, it does not.
  const hold = (c: ChildProcess, on: boolean) => {
    const channel = c.channel as { ref(): void; unref(): void } | undefined;
    if (on) {
      c.ref();
      channel?.ref();
    } else {
      c.unref();
      channel?.unref();
    }
  };

  const start = (): ChildProcess => {
    const here = fileURLToPath(import.meta.url);
    const dir = path.dirname(here);
    const env = { ...process.env, [FACE_WORKER_ENV.nice]: String(o.nice ?? 19), [FACE_WORKER_ENV.minConfidence]: String(o.minConfidence ?? 0.5) };
    const options = { env, serialization: 'advanced' as const, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as Array<'ignore' | 'inherit' | 'ipc'> };
    const c = here.endsWith('.js')
      ? fork(path.join(dir, 'face-worker.js'), [], options)
      : fork(path.join(dir, 'face-worker-boot.mjs'), [pathToFileURL(path.join(dir, 'face-worker.ts')).href], options);
    c.on('message', (reply: FaceReply) => {
      const job = inFlight;
      if (!job || job.id !== reply.id) return;
      inFlight = null;
      if (reply.ok)
        job.resolve({
          faces: reply.faces.map((f) => ({ box: { x: f.box[0], y: f.box[1], width: f.box[2], height: f.box[3] }, confidence: f.confidence, descriptor: f.descriptor })),
          ms: reply.ms,
        });
      else job.reject(new FaceAnalyzerError(reply.input ? reply.error : `face analysis failed: ${reply.error}`));
      pump();
    });
    c.on('error', (err) => stopped(c, new FaceAnalyzerError(`face models stopped: ${err.message}`)));
    c.on('exit', (code, signal) => stopped(c, new FaceAnalyzerError(`face models exited (${signal ?? `code ${code}`})`)));
    return c;
  };

  const stopped = (c: ChildProcess, err: Error) => {
    if (child !== c) return;
    child = null;
    const job = inFlight;
    inFlight = null;
    if (job) job.reject(closed ? new FaceAnalyzerError('face analyzer is closed') : err);
    pump();
  };

  const pump = () => {
    if (inFlight || closed) return;
    const at = queue.findIndex((p) => p.priority === 'interactive');
    const next = queue.splice(at >= 0 ? at : 0, 1)[0];
    if (!next) {
      if (child) hold(child, false);
      return;
    }
    child ??= start();
    hold(child, true);
    inFlight = { ...next, id: nextId++ };
    child.send({ id: inFlight.id, image: next.image } satisfies FaceRequest);
  };

  const run = (image: Buffer, priority: FacePriority) =>
    new Promise<FaceAnalysis>((resolve, reject) => {
      if (closed) return reject(new FaceAnalyzerError('face analyzer is closed'));
      queue.push({ image, priority, resolve, reject });
      pump();
    });

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
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      c.kill();
      await exited;
    },
  };
}
