import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FACE_WORKER_ENV, type FaceReply, type FaceRequest } from './face-protocol.js';
import { FaceAnalyzerError, type FaceAnalysis, type FaceAnalyzer, type FacePriority } from './types.js';

export interface LocalFaceAnalyzerOptions {
  /** nice value of the models' processes (0 normal … 19 idle-only); default 19 */
  nice?: number;
  /** detector confidence below which a face is not a face; default 0.5 */
  minConfidence?: number;
  /** most model processes analysing at once (each one image at a time); default 1 */
  processes?: number;
  /** an extra process (beyond the first) idle this long exits, returning its memory; default 30 s */
  extraIdleMs?: number;
}

/** The local analyzer, and how many model processes it runs right now (the pool test reads it). */
export interface LocalFaceAnalyzer extends FaceAnalyzer {
  running(): number;
}

const CACHE_ENTRIES = 256;

interface Pending {
  image: Buffer;
  priority: FacePriority;
  resolve: (a: FaceAnalysis) => void;
  reject: (e: Error) => void;
}

/** One model process and the request it is answering. */
interface Slot {
  child: ChildProcess | null;
  job: (Pending & { id: number }) | null;
  idle: NodeJS.Timeout | null;
}

/**
 * face-api on this CPU, in low-priority child processes: decode, detection and embedding all run
 * there, so neither the API's event loop nor its memory carries the models. The first process
 * starts at the first request and stays; while it is busy and requests wait, more start (up to
 * `processes`, one image at a time each — the detector is single-threaded, so a second core needs
 * a second process) and exit after `extraIdleMs` idle. Uploads jump the queue of background
 * scoring. Results are cached by content (the same base image is analysed once).
 */
export function createLocalFaceAnalyzer(o: LocalFaceAnalyzerOptions = {}): LocalFaceAnalyzer {
  const slots: Slot[] = Array.from({ length: Math.max(1, o.processes ?? 1) }, () => ({ child: null, job: null, idle: null }));
  const extraIdleMs = o.extraIdleMs ?? 30_000;
  let nextId = 1;
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

  const start = (slot: Slot): ChildProcess => {
    const here = fileURLToPath(import.meta.url);
    const dir = path.dirname(here);
    const env = { ...process.env, [FACE_WORKER_ENV.nice]: String(o.nice ?? 19), [FACE_WORKER_ENV.minConfidence]: String(o.minConfidence ?? 0.5) };
    const options = { env, serialization: 'advanced' as const, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as Array<'ignore' | 'inherit' | 'ipc'> };
    const c = here.endsWith('.js')
      ? fork(path.join(dir, 'face-worker.js'), [], options)
      : fork(path.join(dir, 'face-worker-boot.mjs'), [pathToFileURL(path.join(dir, 'face-worker.ts')).href], options);
    c.on('message', (reply: FaceReply) => {
      const job = slot.job;
      if (slot.child !== c || !job || job.id !== reply.id) return;
      slot.job = null;
      if (reply.ok)
        job.resolve({
          faces: reply.faces.map((f) => ({ box: { x: f.box[0], y: f.box[1], width: f.box[2], height: f.box[3] }, confidence: f.confidence, descriptor: f.descriptor })),
          ms: reply.ms,
        });
      else job.reject(new FaceAnalyzerError(reply.input ? reply.error : `face analysis failed: ${reply.error}`));
      pump();
    });
    c.on('error', (err) => stopped(slot, c, new FaceAnalyzerError(`face models stopped: ${err.message}`)));
    c.on('exit', (code, signal) => stopped(slot, c, new FaceAnalyzerError(`face models exited (${signal ?? `code ${code}`})`)));
    return c;
  };

  const stopped = (slot: Slot, c: ChildProcess, err: Error) => {
    if (slot.child !== c) return;
    slot.child = null;
    const job = slot.job;
    slot.job = null;
    if (job) job.reject(closed ? new FaceAnalyzerError('face analyzer is closed') : err);
    pump();
  };

  /** Ends a models process: it exits when its IPC channel closes (it ignores SIGINT and SIGTERM); SIGKILL if it does not. */
  const letGo = (c: ChildProcess) => {
    if (c.connected) c.disconnect();
    else c.kill('SIGKILL');
    setTimeout(() => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL'), 5_000).unref();
  };

  const retire = (slot: Slot) => {
    slot.idle = null;
    const c = slot.child;
    if (!c || slot.job) return;
    slot.child = null;
    letGo(c);
  };

  /** Hands waiting requests to free processes: running ones first, then a new one. */
  const pump = () => {
    if (closed) return;
    while (queue.length > 0) {
      const slot = slots.find((s) => s.child && !s.job) ?? slots.find((s) => !s.child);
      if (!slot) return;
      const at = queue.findIndex((p) => p.priority === 'interactive');
      const next = queue.splice(at >= 0 ? at : 0, 1)[0]!;
      if (slot.idle) clearTimeout(slot.idle);
      slot.idle = null;
      slot.child ??= start(slot);
      hold(slot.child, true);
      slot.job = { ...next, id: nextId++ };
      slot.child.send({ id: slot.job.id, image: next.image } satisfies FaceRequest);
    }
    slots.forEach((slot, i) => {
      if (!slot.child || slot.job || slot.idle) return;
      hold(slot.child, false);
      if (i > 0) slot.idle = setTimeout(() => retire(slot), extraIdleMs).unref();
    });
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
    running: () => slots.filter((s) => s.child).length,
    async close() {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new FaceAnalyzerError('face analyzer is closed'));
      await Promise.all(
        slots.map(async (slot) => {
          if (slot.idle) clearTimeout(slot.idle);
          const c = slot.child;
          if (!c || c.exitCode !== null || c.signalCode !== null) return;
          const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
          letGo(c);
          await exited;
        }),
      );
    },
  };
}
