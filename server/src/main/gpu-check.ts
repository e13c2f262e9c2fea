import type { Env } from '../config/env.js';
import { callFailure, isRunpodError } from '../domain/gpu-jobs/failure.js';
import { endpointId, GPU_ENDPOINTS, type GpuEndpointName } from '../domain/gpu-jobs/policy.js';
import type { RunpodClient } from '../providers/runpod/index.js';

export type GpuHealth = Partial<Record<GpuEndpointName, string>>;

/**
 * Asks every configured endpoint's GET /health once at start, so an operator learns of a wrong
 * RUNPOD_API_KEY or endpoint id from the log and /healthz, not from a creator's failed pack.
 * Never blocks the start; the result is 'ok' or the sentence saying what to fix.
 */
export async function checkGpuEndpoints(env: Env, gpu: RunpodClient, log: (m: string) => void): Promise<GpuHealth> {
  const health: GpuHealth = {};
  await Promise.all(
    (Object.keys(GPU_ENDPOINTS) as GpuEndpointName[]).map(async (name) => {
      try {
        await gpu.health(endpointId(env, name));
        health[name] = 'ok';
      } catch (e) {
        health[name] = isRunpodError(e) ? callFailure(e, name).message : String(e);
        log(`GPU endpoint ${name} (${endpointId(env, name)}): ${health[name]}`);
      }
    }),
  );
  return health;
}
