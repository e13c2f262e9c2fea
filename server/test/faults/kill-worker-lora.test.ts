import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../src/api/types/ids.js';
import { DEFAULT_MODEL_FILES } from '../../src/providers/comfy/index.js';
import { startLocalGpu, type LocalGpu } from '@content-studio/local-gpu';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { spawnServer, type ServerProcess } from '../helpers/processes.js';
import { influencerWithFace } from '../helpers/studio.js';
import { createUserWithToken } from '../helpers/users.js';

let gpu: LocalGpu;
let volumeDir: string;
let app: TestApp;
let worker: ServerProcess | null = null;

const pipelineEnv = { LORA_PIPELINE: 'on', LORA_TRAINING_STEPS: '60', LORA_PROGRESS_POLL_MS: '100' };

beforeAll(async () => {
  // The GPU (and its volume) lives outside the worker processes, like RunPod.
  volumeDir = await mkdtemp(path.join(tmpdir(), 'lora-fault-gpu-'));
  gpu = await startLocalGpu({
    modelFiles: { ...DEFAULT_MODEL_FILES },
    volumeDir,
    defaults: { workers: 10, stepMs: 20 },
    endpoints: { 'lora-training': { workers: 1, stepMs: 60 } },
  });
  app = await startTestApp({ worker: false, env: { RUNPOD_API_KEY: gpu.apiKey, RUNPOD_BASE_URL: gpu.url, ...pipelineEnv } });
});
afterAll(async () => {
  await worker?.stop();
  await app?.close();
  await gpu?.close();
  await rm(volumeDir, { recursive: true, force: true });
});

function startWorker() {
  return spawnServer('worker', {
    DATABASE_URL: app.db.url,
    DATA_DIR: app.dataDir,
    PUBLIC_URL: app.url,
    RUNPOD_API_KEY: gpu.apiKey,
    RUNPOD_BASE_URL: gpu.url,
    SEED_DEMO_USER: 'false',
    WORKER_CONCURRENCY: '4',
    WORKER_HEARTBEAT_MS: '500',
    WORKER_DEAD_AFTER_MS: '3000',
    RECONCILE_INTERVAL_MS: '1000',
    RECONCILE_MIN_AGE_MS: '2000',
    GPU_RETRY_BACKOFF_MS: '100',
    ...pipelineEnv,
  });
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}\n${worker?.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('fault: kill -9 the worker during the character sheet and during the training', () => {
  it('one training job at the GPU per base model, every shot rendered once, and the influencer reaches ready', async () => {
    const { token } = await createUserWithToken(app.services.db, 'LoraCrash', 100);
    worker = await startWorker();
    const influencerId = decodeId(await influencerWithFace(app, token), 'Influencer');
    const db = app.services.db;

    // During the sheet: some shots done, others not.
    await until(
      'a sheet image',
      () => db.characterSheetImage.count({ where: { sheetJob: { influencerId }, status: 'completed' } }),
      (n) => n >= 1,
    );
    await worker.kill9();
    worker = await startWorker();

    // During the training: the GPU keeps training while no worker runs.
    await until(
      'the training to run',
      () => db.loraTrainingJob.findFirst({ where: { influencerId } }),
      (t) => t?.status === 'running',
    );
    await worker.kill9();
    await new Promise((r) => setTimeout(r, 1000));
    worker = await startWorker();

    const done = await until(
      'ready',
      () => db.influencer.findUniqueOrThrow({ where: { id: influencerId } }),
      (i) => i.loraStatus === 'ready' || i.loraStatus === 'failed',
    );
    expect(done.loraError).toBeNull();
    expect(done.loraStatus).toBe('ready');
    // One training per base model (Flux and Z-Image, the default LORA_BASE_MODELS), each sent to the GPU once.
    const trainings = await until(
      'both trainings to complete',
      () => db.loraTrainingJob.findMany({ where: { influencerId }, include: { gpuJob: { include: { tries: true } } } }),
      (all) => all.length >= 2 && all.every((t) => t.status === 'completed' || t.status === 'failed'),
    );
    expect(trainings.every((t) => t.status === 'completed')).toBe(true);
    expect(trainings.map((t) => t.baseModel).sort()).toEqual(['flux_dev', 'z_image_turbo']);
    for (const t of trainings) expect(t.gpuJob!.tries.filter((a) => a.runpodJobId !== null)).toHaveLength(1);
    const training = await gpu.stats().endpoints['lora-training']!;
    expect(training.submitted).toBe(trainings.length);
    const sheet = await db.characterSheetJob.findFirstOrThrow({ where: { influencerId }, include: { images: { include: { asset: true } } } });
    expect(sheet.status).toBe('completed');
    expect(sheet.images.every((i) => i.status === 'completed' && i.asset !== null)).toBe(true);
    // No shot rendered into two assets (re-renders of drifted faces are hidden and detached).
    const assets = await db.imageAsset.count({ where: { influencerId, kind: 'character_sheet', hiddenReason: null } });
    expect(assets).toBe(8);
  });
});
