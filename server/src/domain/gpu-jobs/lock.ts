import type { Tx } from '../../db/client.js';
import type { GpuJob } from '../../generated/prisma/client.js';
import { ownerOf } from './owners.js';

/** What locking needs to know of a GPU job: its kind and owner (from any row the caller has). */
export type GpuJobRef = Pick<GpuJob, 'id' | 'kind' | 'generationItemId' | 'loraTrainingJobId' | 'editJobId'>;

/**
 * Locks a GPU job for a transition: its owner's aggregate first (the order cancel and retry use),
 * then the job row. Returns the row as it is under the lock, or null when it no longer exists.
 */
export async function lockGpuJob(tx: Tx, job: GpuJobRef): Promise<GpuJob | null> {
  await ownerOf(job.kind).lock(tx, job as GpuJob);
  const rows = await tx.$queryRaw<GpuJob[]>`SELECT * FROM "GpuJob" WHERE id = ${job.id}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

/** lockGpuJob from an id alone (one more read). */
export async function lockGpuJobById(tx: Tx, id: string): Promise<GpuJob | null> {
  const ref = await tx.gpuJob.findUnique({ where: { id }, select: { id: true, kind: true, generationItemId: true, loraTrainingJobId: true, editJobId: true } });
  return ref ? lockGpuJob(tx, ref) : null;
}

/** Still waiting for the GPU (not completed, failed or cancelled). */
export const isLive = (job: Pick<GpuJob, 'status'>) => job.status === 'queued' || job.status === 'submitted' || job.status === 'running';
