import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Repository root (the folder with pnpm-workspace.yaml): DATA_DIR, prisma/ and client/dist
 * resolve from here, whether running from src/ (tsx) or from the bundled dist/.
 */
export const repoRoot = findRoot(import.meta.dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '../../..');
  }
}

const bool = z.enum(['true', 'false', '1', '0', '']).transform((v) => v === 'true' || v === '1');

const schema = z.object({
  /** Runtime mode; production serves the built studio. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** HTTP port of the API (and the studio in production). */
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Interface the HTTP server listens on (0.0.0.0 = every interface, 127.0.0.1 = this machine only). */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Public base URL of the server (RunPod webhooks, absolute asset URLs); unset: asset URLs are relative, webhooks go to 127.0.0.1. */
  PUBLIC_URL: z.string().url().optional(),
  /** Where embedded Postgres, local storage and local-GPU files live. */
  DATA_DIR: z.string().default('.data'),
  /** Postgres connection string; when unset an embedded PostgreSQL is started under DATA_DIR. */
  DATABASE_URL: z.string().optional(),
  /** Port of the embedded PostgreSQL (never 5432, which the system server may own). */
  EMBEDDED_PG_PORT: z.coerce.number().int().default(54329),
  /** Runs the graphile-worker in the API process (all-in-one). */
  WORKER_IN_PROCESS: bool.default(true),
  /** graphile-worker concurrency per process. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  /** How far V8 lets the server's heap grow past what its last full collection kept, in percent (0 = V8's own growth, up to ×4): lower keeps RSS down for more frequent collections. */
  HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(300).default(20),
  /** Token of the seeded demo user in embedded mode; generated and printed when unset. */
  STUDIO_DEV_TOKEN: z.string().min(16).optional(),
  /** Seeds a demo user (default: only when no SUPABASE_JWT_SECRET / SUPABASE_JWKS_URL). */
  SEED_DEMO_USER: bool.optional(),
  /** HS256 secret of Supabase Auth JWTs. */
  SUPABASE_JWT_SECRET: z.string().optional(),
  /** JWKS URL of Supabase Auth (asymmetric keys). */
  SUPABASE_JWKS_URL: z.string().url().optional(),
  /** Expected `iss` of Supabase JWTs (optional). */
  SUPABASE_JWT_ISSUER: z.string().optional(),
  /** Supabase project URL; with SUPABASE_SERVICE_KEY switches storage to Supabase Storage. */
  SUPABASE_URL: z.string().url().optional(),
  /** Supabase service-role key for Storage. */
  SUPABASE_SERVICE_KEY: z.string().optional(),
  /** Supabase bucket for regular assets: a public bucket (created so at start when missing). */
  STORAGE_BUCKET: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,62}$/, 'STORAGE_BUCKET: letters, digits, . _ - (at most 63)')
    .default('assets'),
  /** Supabase bucket for adult assets: a private bucket (created so at start), served only through signed URLs. */
  STORAGE_ADULT_BUCKET: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,62}$/, 'STORAGE_ADULT_BUCKET: letters, digits, . _ - (at most 63)')
    .default('assets-adult'),
  /** HMAC secret for local storage URLs; generated per data dir when unset. */
  STORAGE_SIGNING_SECRET: z.string().optional(),
  /** Lifetime of signed asset URLs, seconds. */
  SIGNED_URL_TTL_S: z.coerce.number().int().min(10).default(3600),
  /** User ids (comma-separated) allowed to use admin-only mutations such as grantCredits. */
  ADMIN_USER_IDS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  /** Credits granted to a new user. */
  STARTING_CREDITS: z.coerce.number().int().min(0).default(100),
  /** Generation requests allowed per user per minute. */
  RATE_LIMIT_GENERATIONS_PER_MIN: z.coerce.number().int().min(1).default(30),
  /** Maximum GraphQL query depth. */
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(3).default(12),
  /** Upload size cap in bytes. */
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .default(20 * 1024 * 1024),
  /** Upload pixel cap against decompression bombs. */
  UPLOAD_MAX_PIXELS: z.coerce.number().int().default(40_000_000),
  /** Default engine: flux_dev or z_image_turbo. */
  DEFAULT_ENGINE: z.enum(['flux_dev', 'z_image_turbo']).default('flux_dev'),
  /** RunPod API key; when unset the local GPU is used. */
  RUNPOD_API_KEY: z.string().optional(),
  /** RunPod API base (override for tests). */
  RUNPOD_BASE_URL: z.string().url().default('https://api.runpod.ai/v2'),
  /** RunPod endpoint id for SFW image generation. */
  RUNPOD_ENDPOINT_IMAGE: z.string().default('image'),
  /** RunPod endpoint id for NSFW image generation (uncensored checkpoint). */
  RUNPOD_ENDPOINT_IMAGE_NSFW: z.string().default('image-nsfw'),
  /** RunPod endpoint id for LoRA training. */
  RUNPOD_ENDPOINT_TRAINING: z.string().default('lora-training'),
  /** Flux Dev checkpoint filename on the network volume. */
  FLUX_CHECKPOINT: z.string().default('flux1-dev-fp8.safetensors'),
  /** Uncensored Flux Dev checkpoint filename for NSFW. */
  FLUX_NSFW_CHECKPOINT: z.string().default('flux1-dev-uncensored-fp8.safetensors'),
  /**
   * UNET-only uncensored Flux finetune (diffusion_models) for NSFW; when set it replaces
   * FLUX_NSFW_CHECKPOINT and is loaded beside Flux's text encoders (clip_l, t5xxl) and VAE (ae).
   */
  FLUX_NSFW_UNET: z.string().min(1).optional(),
  /** Local GPU: workers per endpoint. */
  LOCAL_GPU_WORKERS: z.coerce.number().int().min(1).default(4),
  /** Local GPU: simulated milliseconds per sampling step. */
  LOCAL_GPU_STEP_MS: z.coerce.number().min(0).default(25),
  /** Local GPU: simulated cold start of a worker, ms. */
  LOCAL_GPU_COLD_START_MS: z.coerce.number().min(0).default(0),
  /** Local GPU: simulated milliseconds per LoRA training step (700 steps at 10 ms: 7 s). */
  LOCAL_GPU_TRAINING_STEP_MS: z.coerce.number().min(0).default(10),
  /** Local GPU port (0 = ephemeral). */
  LOCAL_GPU_PORT: z.coerce.number().int().min(0).default(0),
  /** GPU attempts per image (transient failures are retried, permanent ones fail at once). */
  GPU_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /** Backoff before the 2nd GPU attempt; doubles for each further one. */
  GPU_RETRY_BACKOFF_MS: z.coerce.number().int().min(0).default(2000),
  /** RunPod executionTimeout for one image; a GPU job running longer is failed, not waited on. */
  GPU_EXECUTION_TIMEOUT_MS: z.coerce.number().int().min(1000).default(600_000),
  /** How often the reconcile checks GPU jobs whose webhook has not arrived. */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
  /** A submitted GPU job is checked by the reconcile once it is this old. */
  RECONCILE_MIN_AGE_MS: z.coerce.number().int().min(0).default(15_000),
  /** After a /run that may have been accepted (timeout, reset), wait this long for its webhook before submitting again. */
  GPU_UNCONFIRMED_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** RunPod executionTimeout for one LoRA training (RunPod's own default of 10 min would kill it). */
  GPU_TRAINING_EXECUTION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(3 * 60 * 60 * 1000),
  /** Price per second of GPU execution on the SFW image endpoint, USD (RTX 4090 flex). */
  GPU_PRICE_IMAGE_USD_PER_S: z.coerce.number().min(0).default(0.00031),
  /** Price per second of GPU execution on the NSFW image endpoint, USD. */
  GPU_PRICE_IMAGE_NSFW_USD_PER_S: z.coerce.number().min(0).default(0.00031),
  /** Price per second of GPU execution on the LoRA training endpoint, USD (H100 flex). */
  GPU_PRICE_TRAINING_USD_PER_S: z.coerce.number().min(0).default(0.00116),
  /** Timeout of one RunPod API request, ms. */
  RUNPOD_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Retries of one RunPod API request that provably did not reach RunPod (or is idempotent). */
  RUNPOD_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(5),
  /** Worker heartbeat interval. */
  WORKER_HEARTBEAT_MS: z.coerce.number().int().min(100).default(5_000),
  /** A worker silent this long is dead; its locked jobs are unlocked and retried. */
  WORKER_DEAD_AFTER_MS: z.coerce.number().int().min(500).default(20_000),
  /** Z-Image-Turbo UNET file on the network volume. */
  Z_IMAGE_UNET: z.string().default('z_image_turbo_bf16.safetensors'),
  /** How long a deleted asset can be restored before its files are removed from storage. */
  ASSET_DELETE_GRACE_MS: z.coerce.number().int().min(0).default(86_400_000),
  /** Face identity scoring of every asset against its influencer's base face (and the base-image face check at upload). */
  IDENTITY_SCORING: z.enum(['on', 'off']).default('on'),
  /** Most face-model processes scoring at once (the detector uses one core each; ~470 MB each; extras exit when idle). Default: 2, or 1 on a one-core machine. */
  FACE_PROCESSES: z.coerce
    .number()
    .int()
    .min(1)
    .max(16)
    .default(() => Math.min(2, availableParallelism())),
  /** Re-render once, with a new seed and at no credit, an image whose face scores under the threshold. */
  IDENTITY_RETRY: z.enum(['on', 'off']).default('on'),
  /** The identity score (0–1) at and above which a face matches; 0.5 is the calibrated equal-error point. */
  IDENTITY_THRESHOLD: z.coerce.number().min(0).max(1).default(0.5),
  /** The LoRA pipeline: a new base image starts a character sheet, then a LoRA training, then HD mode. */
  LORA_PIPELINE: z.enum(['on', 'off']).default('on'),
  /** Base models a character LoRA is trained for (one training each, same dataset); flux_dev, when listed, is the one that makes HD mode. */
  LORA_BASE_MODELS: z
    .string()
    .default('flux_dev,z_image_turbo')
    .transform((v, ctx) => {
      const list = [
        ...new Set(
          v
            .split(',')
            .map((m) => m.trim())
            .filter(Boolean),
        ),
      ];
      const wrong = list.filter((m) => m !== 'flux_dev' && m !== 'z_image_turbo');
      if (list.length === 0 || wrong.length > 0) {
        ctx.addIssue({ code: 'custom', message: `LORA_BASE_MODELS: a comma list of flux_dev and/or z_image_turbo (got '${v}')` });
        return z.NEVER;
      }
      return list as ('flux_dev' | 'z_image_turbo')[];
    }),
  /** Training steps of a character LoRA. */
  LORA_TRAINING_STEPS: z.coerce.number().int().min(10).max(10_000).default(700),
  /** How often a running LoRA training's progress is read from the GPU (GET /status); the queue's 1 s poll bounds it from below. */
  LORA_PROGRESS_POLL_MS: z.coerce.number().int().min(20).default(2_000),
  /** Probes of the image endpoint loading a trained LoRA before a failure ends the training (GPU_RETRY_BACKOFF_MS apart, doubling); never a new training. */
  LORA_PROBE_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /** Logs level. */
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type Env = z.infer<typeof schema>;

/** Every variable the product reads (documented in .env.example). */
export const ENV_KEYS = Object.keys(schema.shape);

/** Parses an environment (process.env by default); the only reader of process.env. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Resolves DATA_DIR against the repository root. */
export function dataDir(env: Env): string {
  return path.resolve(repoRoot, env.DATA_DIR);
}

/** Supabase Storage is configured (else assets go to local disk). */
export function usesSupabaseStorage(env: Env): boolean {
  return Boolean(env.SUPABASE_URL && env.SUPABASE_SERVICE_KEY);
}

/**
 * The buckets new assets are written to: the configured Supabase buckets, or local storage's
 * fixed directories. Migrations that record buckets on existing rows read the same answer.
 */
export function storageBuckets(env: Env): { regular: string; adult: string } {
  return usesSupabaseStorage(env) ? { regular: env.STORAGE_BUCKET, adult: env.STORAGE_ADULT_BUCKET } : { regular: 'assets', adult: 'assets-adult' };
}
