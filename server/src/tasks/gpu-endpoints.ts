import type { Env } from '../config/env.js';

/** The RunPod endpoint a generation runs on: the uncensored one for NSFW. */
export function imageEndpoint(env: Env, nsfw: boolean): string {
  return nsfw ? env.RUNPOD_ENDPOINT_IMAGE_NSFW : env.RUNPOD_ENDPOINT_IMAGE;
}

/** Exponential backoff before GPU attempt `attempt + 1`. */
export const gpuRetryDelay = (env: Env, attemptsSoFar: number) => env.GPU_RETRY_BACKOFF_MS * 2 ** Math.max(0, attemptsSoFar - 1);
