import type { GpuJobKind } from '../../generated/prisma/client.js';
import { RunpodError } from '../../providers/runpod/index.js';
import { endpointVariable } from './policy.js';

/**
 * Why GPU work failed: `transient` is retried with backoff up to the job's attempts, `permanent`
 * (the input cannot work: invalid workflow, missing model) and `config` (a wrong or revoked API
 * key, an unknown endpoint) fail at once; `cancelled` is the user's doing.
 */
export type FailureClass = 'transient' | 'permanent' | 'config' | 'cancelled';

export interface GpuFailure {
  class: FailureClass;
  /** A sentence a creator (or the operator) can act on. */
  message: string;
}

/** A failed call to the RunPod API (/run, /status), in the product's words. */
export function callFailure(e: RunpodError, endpoint: string): GpuFailure {
  switch (e.code) {
    case 'UNAUTHORIZED':
      return { class: 'config', message: 'The GPU provider rejected the API key — check RUNPOD_API_KEY.' };
    case 'NOT_FOUND':
      return { class: 'config', message: `The GPU provider does not know this endpoint — check ${endpointVariable(endpoint)}.` };
    case 'PAYLOAD_TOO_LARGE':
      return { class: 'permanent', message: 'The request to the GPU was too large (RunPod accepts up to 10 MB).' };
    case 'BAD_REQUEST':
      return { class: 'permanent', message: `The GPU provider refused the request: ${e.message}` };
    case 'NETWORK':
      return { class: 'transient', message: `Could not reach the GPU provider (${e.message.replace(/^RunPod [A-Z]+ \S+: /, '')}).` };
    case 'TIMEOUT':
      return { class: 'transient', message: 'The GPU provider did not answer in time.' };
    case 'RATE_LIMITED':
      return { class: 'transient', message: 'The GPU provider is rate limiting requests.' };
    case 'SERVER':
      return { class: 'transient', message: `The GPU provider had an internal error${e.status ? ` (HTTP ${e.status})` : ''}.` };
  }
}

/** A GPU job that ran and failed, from the outcome RunPod reported. */
export function jobFailure(failure: { message: string; permanent: boolean } | undefined): GpuFailure {
  return failure
    ? { class: failure.permanent ? 'permanent' : 'transient', message: failure.message }
    : { class: 'transient', message: 'The GPU job was cancelled by the provider.' };
}

/** The sentence stored when the attempts run out on a transient failure. */
export const exhausted = (f: GpuFailure, attempts: number): GpuFailure =>
  f.class === 'transient' && attempts > 1 ? { ...f, message: `${f.message} Gave up after ${attempts} attempts.` } : f;

export const isRunpodError = (e: unknown): e is RunpodError => e instanceof RunpodError;

/**
 * Thrown by a kind's collector when a COMPLETED output cannot be used and says how to treat it
 * (a collector's other errors count as transient: the job is run again).
 */
export class GpuFailureError extends Error {
  constructor(readonly failure: GpuFailure) {
    super(failure.message);
  }
}

const readableDuration = (ms: number) =>
  ms >= 3_600_000 && ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;

/**
 * A GPU job that ran past its execution timeout (RunPod's TIMED_OUT, or our own give-up when
 * RunPod still reports it pending). An image is retried: a slow or stuck worker is the likely
 * cause. A LoRA training is not: it used its hours of paid GPU, and the same steps on the same
 * endpoint would run out again — the creator's retrainLora decides.
 */
export function timedOut(job: { kind: GpuJobKind; executionTimeoutMs: number }, failure: GpuFailure): GpuFailure {
  if (job.kind !== 'lora_training') return failure;
  return {
    class: 'permanent',
    message: `The training ran past its execution timeout of ${readableDuration(job.executionTimeoutMs)} (GPU_TRAINING_EXECUTION_TIMEOUT_MS) and was stopped; it is not retried by itself.`,
  };
}
