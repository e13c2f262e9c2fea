import type { GpuFailure } from '../gpu-jobs/failure.js';

/**
 * What a failed probe of a trained LoRA (the image endpoint asked to load it) means for the
 * training: a transient failure is probed again, up to `maxProbes`; anything else, or the last
 * probe, ends the training — permanent, so the trainer never runs (and is paid) twice for a file
 * it already delivered. retrainLora is the creator's way to try again.
 */
export function probeVerdict(failure: GpuFailure, probes: number, maxProbes: number): 'probe_again' | GpuFailure {
  if (failure.class === 'transient' && probes < maxProbes) return 'probe_again';
  const tries = probes > 1 ? ` (${probes} probes)` : '';
  return { class: failure.class === 'config' ? 'config' : 'permanent', message: `The image endpoint could not load the LoRA: ${failure.message}${tries}` };
}
