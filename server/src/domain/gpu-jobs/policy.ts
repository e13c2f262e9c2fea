import type { Env } from '../../config/env.js';
import type { GpuJobKind } from '../../generated/prisma/client.js';

/** The RunPod endpoints the product uses, by logical name; their ids and prices come from configuration. */
export const GPU_ENDPOINTS = {
  image: { idVar: 'RUNPOD_ENDPOINT_IMAGE', priceVar: 'GPU_PRICE_IMAGE_USD_PER_S' },
  image_nsfw: { idVar: 'RUNPOD_ENDPOINT_IMAGE_NSFW', priceVar: 'GPU_PRICE_IMAGE_NSFW_USD_PER_S' },
  training: { idVar: 'RUNPOD_ENDPOINT_TRAINING', priceVar: 'GPU_PRICE_TRAINING_USD_PER_S' },
} as const satisfies Record<string, { idVar: keyof Env; priceVar: keyof Env }>;

export type GpuEndpointName = keyof typeof GPU_ENDPOINTS;

const endpointOf = (name: string) => {
  const e = GPU_ENDPOINTS[name as GpuEndpointName];
  if (!e) throw new Error(`Unknown GPU endpoint "${name}"`);
  return e;
};

/** The RunPod endpoint id a logical endpoint is configured to. */
export const endpointId = (env: Env, name: string): string => env[endpointOf(name).idVar];

/** The variable that configures a logical endpoint's id (for messages an operator can act on). */
export const endpointVariable = (name: string): string => endpointOf(name).idVar;

/** The image endpoint of a generation: the uncensored one for NSFW. */
export const imageEndpoint = (nsfw: boolean): GpuEndpointName => (nsfw ? 'image_nsfw' : 'image');

/** GPU cost of `executionMs` on an endpoint, in millionths of a US dollar (integers sum exactly). */
export function gpuCostMicros(env: Env, endpoint: string, executionMs: number): number {
  return Math.round(Math.max(0, executionMs) * env[endpointOf(endpoint).priceVar] * 1000);
}

/** Attempts and execution timeout of a new GPU job of a kind. */
export function gpuJobLimits(env: Env, kind: GpuJobKind): { maxAttempts: number; executionTimeoutMs: number } {
  const executionTimeoutMs = kind === 'lora_training' ? env.GPU_TRAINING_EXECUTION_TIMEOUT_MS : env.GPU_EXECUTION_TIMEOUT_MS;
  return { maxAttempts: env.GPU_MAX_ATTEMPTS, executionTimeoutMs };
}

/** Backoff before attempt `attemptsSoFar + 1`: GPU_RETRY_BACKOFF_MS, doubling. */
export const gpuRetryDelay = (env: Env, attemptsSoFar: number) => env.GPU_RETRY_BACKOFF_MS * 2 ** Math.max(0, attemptsSoFar - 1);
