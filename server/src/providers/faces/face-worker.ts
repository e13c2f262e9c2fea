import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
// sharp creates its threads at the first operation, after the priority below is set: they inherit it.
import sharp from 'sharp';
import { FACE_WORKER_ENV, type FaceReply, type FaceRequest, type WorkerFace } from './face-protocol.js';
import { faceapi, loadFaceModels, tf } from './face-models.js';
import { fusedSsdForward, type SsdParams } from './fused-ssd.js';

/**
 * The face models in a process of their own, started by local-analyzer.ts: decoding and
 * letterboxing (sharp), then face-models.ts (face-api's detector, with its forward pass fused by
 * fused-ssd.ts, landmarks and recognition net on TensorFlow.js' WebAssembly backend). The process lowers the priority of all its
 * threads first (the ones it starts later inherit it), so scoring — decode included — only uses CPU
 * that rendering and the API leave idle, and the models' memory is not the API's.
 */
const nice = Number(process.env[FACE_WORKER_ENV.nice] ?? 19);
const minConfidence = Number(process.env[FACE_WORKER_ENV.minConfidence] ?? 0.5);
lowerPriority(nice);

/**
 * A nice value is per thread on Linux, and Node starts its own threads (V8's platform workers:
 * garbage collection, wasm and JS compilation) before any code of ours runs: setPriority(0) alone
 * would leave them at normal priority, competing with rendering and the API. Every thread that
 * exists is lowered here; the ones started later (libuv's pool, sharp's) inherit from their creator.
 */
function lowerPriority(value: number): void {
  let threads = [0]; // 0: this thread, all a process has to lower where there is no /proc (not Linux)
  try {
    threads = readdirSync('/proc/self/task').map(Number); // the main thread's id is the process id
  } catch {
    // not Linux
  }
  for (const tid of threads) {
    try {
      setPriority(tid, value);
    } catch {
      // Not allowed here (some containers): scoring still works, at normal priority.
    }
  }
}

// One libvips thread: a background scorer, not a second renderer.
sharp.concurrency(1);

/**
 * The detector works on a 512 px square and stretches what it is given: a portrait-format render
 * loses its faces (confidence 0.4 instead of 0.99). Images are letterboxed into a square first.
 */
const SIDE = 640;

interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

class InputError extends Error {}

async function load(): Promise<void> {
  await loadFaceModels();
  const ssd = faceapi.nets.ssdMobilenetv1;
  ssd.forwardInput = fusedSsdForward(tf, ssd.params as unknown as SsdParams) as unknown as typeof ssd.forwardInput;
  lowerPriority(nice); // any thread the backend started while loading
}

const ready = load();

/** Intersection over union of two boxes [x, y, w, h]. */
function overlap(a: WorkerFace['box'], b: WorkerFace['box']): number {
  const w = Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));
  const inter = w * h;
  return inter / (a[2] * a[3] + b[2] * b[3] - inter);
}

/** One region of the image, letterboxed into the detector's square; boxes come back as fractions of the whole image. */
async function detect(image: Buffer, size: { w: number; h: number }, region: Region): Promise<WorkerFace[]> {
  const scale = SIDE / Math.max(region.width, region.height);
  const fit = { width: Math.max(1, Math.round(region.width * scale)), height: Math.max(1, Math.round(region.height * scale)) };
  const pad = { left: Math.floor((SIDE - fit.width) / 2), top: Math.floor((SIDE - fit.height) / 2) };
  const { data } = await sharp(image)
    .extract(region)
    .resize(fit.width, fit.height, { fit: 'fill' })
    .extend({ left: pad.left, top: pad.top, right: SIDE - fit.width - pad.left, bottom: SIDE - fit.height - pad.top, background: '#808080' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  await ready;
  const input = tf.tensor3d(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), [SIDE, SIDE, 3], 'int32');
  try {
    const found = await faceapi
      .detectAllFaces(input as never, new faceapi.SsdMobilenetv1Options({ minConfidence }))
      .withFaceLandmarks()
      .withFaceDescriptors();
    return found.map((f) => {
      const b = f.detection.box;
      return {
        box: [
          (region.left + ((b.x - pad.left) / fit.width) * region.width) / size.w,
          (region.top + ((b.y - pad.top) / fit.height) * region.height) / size.h,
          (b.width / fit.width) * (region.width / size.w),
          (b.height / fit.height) * (region.height / size.h),
        ],
        confidence: f.detection.score,
        descriptor: Array.from(f.descriptor),
      };
    });
  } finally {
    input.dispose();
  }
}

async function analyze(bytes: Buffer): Promise<WorkerFace[]> {
  let image = bytes;
  let meta;
  try {
    meta = await sharp(bytes).metadata();
    if ((meta.orientation ?? 1) > 1) {
      image = await sharp(bytes).autoOrient().toBuffer();
      meta = await sharp(image).metadata();
    }
  } catch (err) {
    throw new InputError(`not a readable image: ${(err as Error).message}`);
  }
  const size = { w: meta.width ?? 1, h: meta.height ?? 1 };
  const whole = await detect(image, size, { left: 0, top: 0, width: size.w, height: size.h });
  const side = Math.min(size.w, size.h);
  const long = Math.max(size.w, size.h);
  if (whole.length > 0 || long < side * 1.15) return whole;
  // Nothing in a tall or wide frame: look again through square windows along its long side,
  // where a face is as large to the detector as in a portrait.
  const windows = Math.ceil((long - side) / (side / 2)) + 1;
  const faces: WorkerFace[] = [];
  for (let i = 0; i < windows; i++) {
    const offset = Math.round(((long - side) * i) / (windows - 1));
    const region = size.w >= size.h ? { left: offset, top: 0, width: side, height: side } : { left: 0, top: offset, width: side, height: side };
    for (const f of await detect(image, size, region)) {
      const same = faces.findIndex((g) => overlap(g.box, f.box) > 0.4);
      if (same < 0) faces.push(f);
      else if (f.confidence > faces[same]!.confidence) faces[same] = f;
    }
  }
  return faces;
}

// One request at a time (the parent sends the next one after a reply).
process.on('message', (req: FaceRequest) => {
  const started = performance.now();
  analyze(Buffer.from(req.image.buffer, req.image.byteOffset, req.image.byteLength)).then(
    (faces) => process.send!({ id: req.id, ok: true, faces, ms: performance.now() - started } satisfies FaceReply),
    (err: unknown) => process.send!({ id: req.id, ok: false, input: err instanceof InputError, error: err instanceof Error ? err.message : String(err) } satisfies FaceReply),
  );
});
// The parent went away (exited, was killed, or let go of us): so do the models. Ctrl-C and
// SIGTERM sent to the whole process group are the parent's to act on: its graceful shutdown may
// still be waiting for an analysis in flight, and it disconnects once it is done.
process.on('disconnect', () => process.exit(0));
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
