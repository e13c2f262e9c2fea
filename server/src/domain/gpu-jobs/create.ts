import type { Env } from '../../config/env.js';
import type { Tx } from '../../db/client.js';
import { Prisma, type GpuJobKind } from '../../generated/prisma/client.js';
import { enqueue } from '../../queue/catalog.js';
import { gpuJobLimits, type GpuEndpointName } from './policy.js';

export interface NewGpuJob {
  kind: GpuJobKind;
  userId: string;
  endpoint: GpuEndpointName;
  /** The owner row, one per kind. */
  owner: { generationItemId: string } | { characterSheetImageId: string } | { loraTrainingJobId: string } | { editJobId: string };
}

/** Creates GPU jobs and enqueues their first submission, inside the caller's transaction. */
export async function createGpuJobs(tx: Tx, env: Env, jobs: NewGpuJob[]): Promise<void> {
  for (const j of jobs) {
    const created = await tx.gpuJob.create({ data: { kind: j.kind, userId: j.userId, endpoint: j.endpoint, ...j.owner, ...gpuJobLimits(env, j.kind) } });
    await enqueue(tx, 'gpu_submit', { gpuJobId: created.id });
  }
}

/**
 * Starts a new round for finished GPU work (retryFailedImages, retryEdit): queued again with
 * fresh attempts; costs already paid stay on the job.
 */
export async function restartGpuJobInTx(tx: Tx, env: Env, gpuJobId: string): Promise<void> {
  const { kind } = await tx.gpuJob.findUniqueOrThrow({ where: { id: gpuJobId }, select: { kind: true } });
  await tx.gpuJob.update({
    where: { id: gpuJobId },
    data: {
      status: 'queued',
      attempts: 0,
      maxAttempts: gpuJobLimits(env, kind).maxAttempts,
      currentAttemptId: null,
      runpodJobId: null,
      submittedAt: null,
      startedAt: null,
      progress: Prisma.DbNull,
      error: null,
      errorClass: null,
      completedAt: null,
    },
  });
  await enqueue(tx, 'gpu_submit', { gpuJobId });
}
