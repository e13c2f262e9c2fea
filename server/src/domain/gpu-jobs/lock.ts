import type { Tx } from '../../db/client.js';
import type { GpuJob } from '../../generated/prisma/client.js';
import { ownerOf } from './owners.js';

/**
 * Locks a GPU job for a transition: its owner's aggregate first (the order cancel and retry use),
 * then the job row. Returns the row as it is under the lock, or null when it does not exist.
 */
export async function lockGpuJob(tx: Tx, id: string): Promise<GpuJob | null> {
  const before = await tx.gpuJob.findUnique({ where: { id }, select: { kind: true, generationItemId: true, loraTrainingJobId: true, editJobId: true } });
  if (!before) return null;
  await ownerOf(before.kind).lock(tx, before as GpuJob);
  const rows = await tx.$queryRaw<GpuJob[]>`SELECT * FROM "GpuJob" WHERE id = ${id}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

/** Still waiting for the GPU (not completed, failed or cancelled). */
export const isLive = (job: Pick<GpuJob, 'status'>) => job.status === 'queued' || job.status === 'submitted' || job.status === 'running';
