import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
// face-api's node-wasm build loads @tensorflow/tfjs and the wasm backend itself (CommonJS).
export const tf = require('@tensorflow/tfjs') as typeof import('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
export const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as typeof import('@vladmandic/face-api');

/**
 * TensorFlow.js on its WebAssembly backend and face-api's SSD MobileNet detector, 68-point
 * landmarks and 128-d recognition net, as face-api runs them. Weights and wasm binaries are read
 * from the installed packages (nothing is downloaded).
 */
export async function loadFaceModels(): Promise<void> {
  // `false`: emscripten reads the .wasm file from disk instead of fetch()ing a URL.
  wasm.setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`, false);
  await tf.setBackend('wasm');
  await tf.ready();
  const models = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(models);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(models);
}
