import type { Db } from '../../db/client.js';
import type { FailureClass } from './failure.js';
import { lockGpuJobById } from './lock.js';
import { failInTx } from './transitions.js';

/** The sentence for work the job queue could not submit. */
export const gaveUp = (reason: string) => `The job queue gave up submitting this to the GPU (${reason.split('\n')[0]!.slice(0, 300)}).`;

/**
 * Fails a queued GPU job that cannot be submitted (its input cannot be built, or the job queue's
 * own retries ran out on an unexpected error), so its owner is refunded and settles.
 */
export function failStranded(db: Db, gpuJobId: string, reason: string, errorClass: FailureClass = 'transient'): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const job = await lockGpuJobById(tx, gpuJobId);
    if (job?.status !== 'queued') return false;
    await failInTx(tx, job, { class: errorClass, message: reason.slice(0, 500) });
    return true;
  });
}
