import type { Env } from '../../config/env.js';
import type { Tx } from '../../db/client.js';
import type { GpuJob, GpuJobAttempt } from '../../generated/prisma/client.js';
import { enqueue } from '../../queue/catalog.js';
import { exhausted, type GpuFailure } from './failure.js';
import { ownerOf, type GpuUsage } from './owners.js';
import { gpuCostMicros, gpuRetryDelay } from './policy.js';

// The shared transitions of the GPU-job state machine, each inside a caller's transaction that
// already holds lockGpuJob: queued → submitted → running → completed | failed | cancelled.

/** Fails the job for good (refund and events are the owner's). */
export async function failInTx(tx: Tx, job: GpuJob, failure: GpuFailure): Promise<void> {
  const failed = await tx.gpuJob.update({
    where: { id: job.id },
    data: {
      status: failure.class === 'cancelled' ? 'cancelled' : 'failed',
      error: failure.message.slice(0, 2000),
      errorClass: failure.class,
      completedAt: new Date(),
      currentAttemptId: null,
    },
  });
  await ownerOf(job.kind).onFailed(tx, failed, failure);
  await cancelOtherAttempts(tx, job.id, null);
}

/**
 * A transient failure goes back to the queue while attempts remain (backoff, at least `minDelayMs`);
 * otherwise, and for permanent or configuration errors, the job fails at once.
 */
export async function failOrRequeue(tx: Tx, env: Env, job: GpuJob, failure: GpuFailure, minDelayMs = 0): Promise<void> {
  if (failure.class !== 'transient' || job.attempts >= job.maxAttempts) return failInTx(tx, job, exhausted(failure, job.attempts));
  const requeued = await tx.gpuJob.update({
    where: { id: job.id },
    data: { status: 'queued', runpodJobId: null, submittedAt: null, currentAttemptId: null, error: failure.message.slice(0, 2000), errorClass: failure.class },
  });
  await ownerOf(job.kind).onRequeued(tx, requeued, failure);
  const delay = Math.max(minDelayMs, gpuRetryDelay(env, job.attempts));
  await enqueue(tx, 'gpu_submit', { gpuJobId: job.id }, { runAt: new Date(Date.now() + delay) });
}

/** The job's columns once `attempt` completed it. */
const completedBy = (attempt: GpuJobAttempt, delayMs: number | undefined) =>
  ({
    status: 'completed',
    runpodJobId: attempt.runpodJobId,
    currentAttemptId: attempt.id,
    delayMs: delayMs ?? null,
    error: null,
    errorClass: null,
    completedAt: new Date(),
  }) as const;

/**
 * Completes the job with an attempt's stored result; any other live attempt is cancelled. A job
 * that settleAttemptInTx already marked completed by this attempt (`completing`) is not written again.
 */
export async function completeInTx(tx: Tx, job: GpuJob, attempt: GpuJobAttempt, delayMs: number | undefined, result: unknown): Promise<void> {
  const marked = job.status === 'completed' && job.currentAttemptId === attempt.id;
  const completed = marked ? job : await tx.gpuJob.update({ where: { id: job.id }, data: completedBy(attempt, delayMs) });
  await ownerOf(job.kind).onCompleted(tx, completed, result);
  await cancelOtherAttempts(tx, job.id, attempt.id);
}

/**
 * Records what an attempt cost once RunPod reports it final (execution time × the endpoint's
 * price), exactly once per attempt, on the job and on its owner. Returns the job as updated.
 * `completing`: the attempt completes the job, and the same write marks it completed (one
 * statement fewer on every image's path; completeInTx then does not write it again).
 */
export async function settleAttemptInTx(
  tx: Tx,
  env: Env,
  job: GpuJob,
  attempt: GpuJobAttempt,
  report: { status: string; delayMs?: number; executionMs?: number; error?: string },
  completing = false,
): Promise<GpuJob> {
  const executionMs = Math.round(report.executionMs ?? 0);
  const usage: GpuUsage = { executionMs, costUsdMicros: gpuCostMicros(env, job.endpoint, executionMs) };
  const settled = await tx.gpuJobAttempt.updateMany({
    where: { id: attempt.id, settledAt: null },
    data: {
      status: 'settled',
      runpodStatus: report.status,
      delayMs: report.delayMs === undefined ? null : Math.round(report.delayMs),
      executionMs,
      costUsdMicros: usage.costUsdMicros,
      error: report.error?.slice(0, 2000) ?? attempt.error,
      settledAt: new Date(),
    },
  });
  if (settled.count === 0) return job;
  const updated = await tx.gpuJob.update({
    where: { id: job.id },
    data: { executionMs: { increment: usage.executionMs }, costUsdMicros: { increment: usage.costUsdMicros }, ...(completing && completedBy(attempt, report.delayMs)) },
  });
  await ownerOf(job.kind).onCost(tx, updated, usage);
  return updated;
}

/** Cancels, by id, every attempt but `keep` that RunPod may still be running for this job. */
export async function cancelOtherAttempts(tx: Tx, gpuJobId: string, keep: string | null): Promise<void> {
  const others = await tx.gpuJobAttempt.findMany({ where: { gpuJobId, id: keep ? { not: keep } : undefined, status: { in: ['submitted', 'submitting'] } } });
  for (const a of others) {
    await tx.gpuJobAttempt.update({ where: { id: a.id }, data: { status: 'superseded' } });
    if (a.runpodJobId) await enqueue(tx, 'gpu_cancel', { attemptId: a.id });
  }
}
