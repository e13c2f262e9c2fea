import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * The face models on a thread of their own: face-api's SSD MobileNet detector, 68-point
 * landmarks and its 128-d recognition net, on TensorFlow.js' WebAssembly backend. Weights and
 * wasm binaries are read from the installed packages (nothing is downloaded). The thread lowers
 * its own CPU priority (on Linux a nice value is per thread), so scoring only uses CPU that
 * rendering and the API leave idle.
 */
export interface FaceRequest {
  id: number;
  rgb: Uint8Array;
  width: number;
  height: number;
}

export type FaceReply =
  | { id: number; ok: true; faces: Array<{ box: [number, number, number, number]; confidence: number; descriptor: number[] }>; ms: number }
  | { id: number; ok: false; error: string };

const require = createRequire(import.meta.url);
// face-api's node-wasm build loads @tensorflow/tfjs and the wasm backend itself (CommonJS).
const tf = require('@tensorflow/tfjs') as typeof import('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as typeof import('@vladmandic/face-api');

const { nice, minConfidence } = workerData as { nice: number; minConfidence: number };

async function load(): Promise<void> {
  try {
    setPriority(0, nice);
  } catch {
    // Not allowed here (some containers): scoring still works, at normal priority.
  }
  // `false`: emscripten reads the .wasm file from disk instead of fetch()ing a URL.
  wasm.setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`, false);
  await tf.setBackend('wasm');
  await tf.ready();
  const models = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(models);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(models);
}

const ready = load();

async function analyze(req: FaceRequest): Promise<FaceReply> {
  await ready;
  const started = performance.now();
  const input = tf.tensor3d(req.rgb, [req.height, req.width, 3], 'int32');
  try {
    const found = await faceapi
      .detectAllFaces(input as never, new faceapi.SsdMobilenetv1Options({ minConfidence }))
      .withFaceLandmarks()
      .withFaceDescriptors();
    const faces = found.map((f) => {
      const b = f.detection.box;
      return {
        box: [b.x / req.width, b.y / req.height, b.width / req.width, b.height / req.height] as [number, number, number, number],
        confidence: f.detection.score,
        descriptor: Array.from(f.descriptor),
      };
    });
    return { id: req.id, ok: true, faces, ms: performance.now() - started };
  } finally {
    input.dispose();
  }
}

parentPort!.on('message', (req: FaceRequest) => {
  analyze(req).then(
    (reply) => parentPort!.postMessage(reply),
    (err: unknown) => parentPort!.postMessage({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies FaceReply),
  );
});
