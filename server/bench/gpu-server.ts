import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_MODEL_FILES } from '../src/providers/comfy/index.js';
import { startLocalGpu } from '@content-studio/local-gpu';

// The local GPU as its own process (like RunPod, it is not the API's CPU): prints its URL.
const volumeDir = await mkdtemp(path.join(tmpdir(), 'bench-gpu-volume-'));
const gpu = await startLocalGpu({
  port: Number(process.env.PORT ?? 0),
  apiKey: process.env.API_KEY ?? 'bench-gpu-key',
  modelFiles: { ...DEFAULT_MODEL_FILES },
  // The network volume the trainer writes LoRAs to and the image endpoint loads them from.
  volumeDir,
  defaults: { workers: Number(process.env.WORKERS ?? 10), stepMs: Number(process.env.STEP_MS ?? 0), coldStartMs: 0 },
});
console.log(`GPU ${gpu.url}`);
process.on(
  'SIGTERM',
  () =>
    void gpu.close().then(async () => {
      await rm(volumeDir, { recursive: true, force: true });
      process.exit(0);
    }),
);
