import { z } from 'zod';
import type { EndpointConfig } from './types.js';

/** Fast enough for `pnpm start` to feel interactive, slow enough that queueing is visible. */
export const DEFAULT_ENDPOINT_CONFIG: EndpointConfig = {
  workers: 3,
  stepMs: 100,
  coldStartMs: 1000,
  idleTimeoutMs: 5000,
  transientFailureRate: 0,
  rngSeed: 1,
  failures: [],
  runResponseDelayMs: 0,
  offIdentityRate: 0,
};

export const DEFAULT_EXECUTION_TIMEOUT_MS = 600_000;

const failureRule = z
  .object({
    kind: z.enum(['transient', 'permanent', 'hang']),
    when: z.object({ promptIncludes: z.string().optional(), seed: z.number().int().optional() }).strict().optional(),
    times: z.number().int().nonnegative().optional(),
  })
  .strict();

const nonNegative = z.number().finite().nonnegative();

/** The body of POST /_local/config/{endpointId}: any subset of EndpointConfig. */
export const endpointConfigPatch = z
  .object({
    workers: z.number().int().nonnegative(),
    stepMs: nonNegative,
    coldStartMs: nonNegative,
    idleTimeoutMs: nonNegative,
    transientFailureRate: z.number().min(0).max(1),
    rngSeed: z.number().int(),
    failures: z.array(failureRule),
    executionTimeoutMs: z.number().int().positive(),
    runResponseDelayMs: nonNegative,
    runResponseDelayTimes: z.number().int().nonnegative(),
    offIdentityRate: z.number().min(0).max(1),
    lostWebhooks: z.number().int().nonnegative(),
  })
  .partial()
  .strict();

export function mergeConfig(...layers: Array<Partial<EndpointConfig> | undefined>): EndpointConfig {
  const merged: EndpointConfig = { ...DEFAULT_ENDPOINT_CONFIG };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}
