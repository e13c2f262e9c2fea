import type { GpuJob } from '../../generated/prisma/client.js';

/**
 * The I/O half of a kind of GPU work (the domain owns its state changes): what an attempt sends
 * to the GPU, and how a COMPLETED output becomes the owner's result. A new kind adds one of these,
 * its owner hooks in the domain, and its endpoint and timeout policy.
 */
export interface GpuKindRunner {
  /** The worker input of one attempt (workflow and images). A thrown error fails the job as permanent. */
  buildInput(job: GpuJob): Promise<unknown>;
  /**
   * Stores a COMPLETED output; throws when the output is unusable: the attempt then counts as a
   * transient failure (run again), or as what a thrown GpuFailureError says.
   */
  collect(job: GpuJob, output: unknown): Promise<unknown>;
  /**
   * Called once an attempt is with the GPU: a chance to prepare what `collect` will need while
   * the GPU works (an edit's blend mask). Best effort: `collect` must not depend on it having run.
   */
  whileRunning?(job: GpuJob): void;
  /**
   * A second settle of the same attempt waits for the first rather than collecting alongside it:
   * for kinds whose collect is long and costs GPU time (a LoRA's download and probe). Cheap
   * collects need not: the domain keeps a duplicate's result out (an attempt settles once).
   */
  settlesAlone?: boolean;
}
