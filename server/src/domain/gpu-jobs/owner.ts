import type { Tx } from '../../db/client.js';
import type { GpuJob } from '../../generated/prisma/client.js';
import type { GpuFailure } from './failure.js';

/** What one attempt cost on the GPU. */
export interface GpuUsage {
  executionMs: number;
  costUsdMicros: number;
}

/**
 * The row a kind of GPU work settles, seen from the shared lifecycle. Every hook runs inside the
 * lifecycle's transaction, after `lock`, so the owner's state and the GPU job's change together.
 */
export interface GpuJobOwner<Result = unknown> {
  /** Locks the owner's aggregate (e.g. the pack row) before the GPU job row: one lock order everywhere. */
  lock(tx: Tx, job: GpuJob): Promise<void>;
  /** The GPU accepted the work (tiles show "rendering"). */
  onSubmitted(tx: Tx, job: GpuJob): Promise<void>;
  /** A transient failure: the work goes back to the queue for another attempt. */
  onRequeued(tx: Tx, job: GpuJob, failure: GpuFailure): Promise<void>;
  /** The GPU finished and the kind's collector stored the result. */
  onCompleted(tx: Tx, job: GpuJob, result: Result): Promise<void>;
  /** Failed for good (attempts exhausted, permanent or configuration error). */
  onFailed(tx: Tx, job: GpuJob, failure: GpuFailure): Promise<void>;
  /** An attempt's GPU time was paid (also failed and superseded attempts). */
  onCost(tx: Tx, job: GpuJob, usage: GpuUsage): Promise<void>;
}
