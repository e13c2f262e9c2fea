import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataDir, usesSupabaseStorage, type Env } from '../config/env.js';
import { isAddressInUse, portInUse } from '../config/operator-error.js';
import { volumeModelFiles } from '../providers/comfy/index.js';
import { modelConfig } from '../domain/generation/models.js';
import { startLocalGpu, type LocalGpu } from '@content-studio/local-gpu';
import { createRunpodClient, type RunpodClient } from '../providers/runpod/index.js';
import { createLocalStorage, createSupabaseStorage, type Storage } from '../providers/storage/index.js';

/**
 * Supabase Storage when configured (buckets ensured, key checked), else signed local-disk storage under DATA_DIR/storage, whose
 * URLs start with `assetBaseUrl` (PUBLIC_URL, or '' for root-relative URLs that work from any host).
 */
export async function createStorage(env: Env, assetBaseUrl: string): Promise<{ storage: Storage; files: ((r: Request) => Promise<Response | null>) | null }> {
  if (usesSupabaseStorage(env)) {
    const storage = createSupabaseStorage({ url: env.SUPABASE_URL!, serviceKey: env.SUPABASE_SERVICE_KEY!, bucket: env.STORAGE_BUCKET, adultBucket: env.STORAGE_ADULT_BUCKET });
    // Buckets created if missing and the key proven by a write, before anything is served.
    await storage.ensureReady();
    return { storage, files: null };
  }
  const secret = env.STORAGE_SIGNING_SECRET ?? (await persistentSecret(env, 'storage-signing-secret'));
  const local = createLocalStorage({
    dir: path.join(dataDir(env), 'storage'),
    publicBaseUrl: assetBaseUrl,
    signingSecret: secret,
  });
  await local.ensureReady();
  return { storage: local, files: (r) => local.handle(r) };
}

/** RunPod when RUNPOD_API_KEY is set; else the local RunPod-compatible GPU on loopback. */
export async function createGpu(env: Env, log: (m: string) => void): Promise<{ gpu: RunpodClient; localGpu: LocalGpu | null }> {
  const limits = { timeoutMs: env.RUNPOD_TIMEOUT_MS, maxRetries: env.RUNPOD_MAX_RETRIES };
  if (env.RUNPOD_API_KEY) return { gpu: createRunpodClient({ baseUrl: env.RUNPOD_BASE_URL, apiKey: env.RUNPOD_API_KEY, ...limits }), localGpu: null };
  const localGpu = await startLocalGpu({
    port: env.LOCAL_GPU_PORT,
    volumeDir: path.join(dataDir(env), 'local-gpu'),
    // The simulated volume holds every file the configured workflows need (`pnpm models`).
    modelFiles: volumeModelFiles(modelConfig(env)),
    trainingEndpoints: [env.RUNPOD_ENDPOINT_TRAINING],
    defaults: { workers: env.LOCAL_GPU_WORKERS, stepMs: env.LOCAL_GPU_STEP_MS, coldStartMs: env.LOCAL_GPU_COLD_START_MS },
    endpoints: { [env.RUNPOD_ENDPOINT_TRAINING]: { workers: 1, stepMs: env.LOCAL_GPU_TRAINING_STEP_MS } },
  }).catch((e: unknown) => {
    throw isAddressInUse(e) ? portInUse('LOCAL_GPU_PORT', env.LOCAL_GPU_PORT, e) : e;
  });
  log(`local GPU (RunPod-compatible) at ${localGpu.url}`);
  return { gpu: createRunpodClient({ baseUrl: localGpu.url, apiKey: localGpu.apiKey, ...limits }), localGpu };
}

/** A random secret generated once per data dir (0600), so signed URLs survive restarts. */
async function persistentSecret(env: Env, name: string): Promise<string> {
  const file = path.join(dataDir(env), name);
  const existing = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (existing.length >= 32) return existing;
  const secret = randomBytes(32).toString('hex');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
