import type { Env } from '../../config/env.js';
import type { Db } from '../../db/client.js';
import type { GpuJob, GpuJobAttempt } from '../../generated/prisma/client.js';
import type { GpuFailure } from './failure.js';
import { isLive, lockGpuJob, type GpuJobRef } from './lock.js';
import { completeInTx, failOrRequeue, settleAttemptInTx } from './transitions.js';

/** The final report of a RunPod job (from GET /status). */
export interface FinalReport {
  status: string;
  delayMs?: number;
  executionMs?: number;
  error?: string;
}

/** An attempt whose result can still settle its job: its job waits, and it is its current attempt or an earlier one RunPod ran anyway. */
const canSettle = (job: GpuJob, attempt: GpuJobAttempt) => isLive(job) && attempt.status !== 'superseded';

/**
 * An attempt COMPLETED and the kind stored its result: records the cost, then completes the job
 * unless it is over (cancelled, or another attempt won); an earlier attempt that RunPod accepted
 * after all is adopted rather than wasted. Returns false when the result was not used.
 */
export function completeAttempt(db: Db, env: Env, ref: GpuJobRef, attemptId: string, report: FinalReport, result: unknown): Promise<boolean> {
  return db.$transaction(async (tx) => {
    let job = await lockGpuJob(tx, ref);
    const attempt = await tx.gpuJobAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    if (!job) return false;
    const usable = canSettle(job, attempt);
    job = await settleAttemptInTx(tx, env, job, attempt, report, usable);
    if (!usable) return false;
    await completeInTx(tx, job, attempt, report.delayMs, result);
    return true;
  });
}

/**
 * An attempt ended without a usable result (FAILED, TIMED_OUT, CANCELLED by RunPod, expired, or
 * an output that does not decode). Records its cost; when it was the attempt the job waited for,
 * the job is retried (transient) or failed (permanent / configuration / out of attempts).
 */
export function failAttempt(db: Db, env: Env, ref: GpuJobRef, attemptId: string, report: FinalReport, failure: GpuFailure): Promise<void> {
  return db.$transaction(async (tx) => {
    let job = await lockGpuJob(tx, ref);
    const attempt = await tx.gpuJobAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    if (!job) return;
    job = await settleAttemptInTx(tx, env, job, attempt, { ...report, error: failure.message });
    if (isLive(job) && job.currentAttemptId === attempt.id) await failOrRequeue(tx, env, job, failure);
  });
}

/** Cost of an attempt that ended outside the job's path (a cancelled or superseded RunPod job). */
export function settleUsage(db: Db, env: Env, ref: GpuJobRef, attemptId: string, report: FinalReport): Promise<void> {
  return db.$transaction(async (tx) => {
    const job = await lockGpuJob(tx, ref);
    const attempt = await tx.gpuJobAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    if (job) await settleAttemptInTx(tx, env, job, attempt, report);
  });
}

/** The GPU is working on the current attempt: RUNNING, with the handler's latest progress. */
export async function markRunning(db: Db, gpuJobId: string, attemptId: string, progress: unknown): Promise<GpuJob | null> {
  const withProgress = progress === undefined ? {} : { progress: progress as object };
  const where = { id: gpuJobId, currentAttemptId: attemptId };
  const started = await db.gpuJob.updateMany({ where: { ...where, status: 'submitted' }, data: { status: 'running', startedAt: new Date(), ...withProgress } });
  const moved = started.count ? started : await db.gpuJob.updateMany({ where: { ...where, status: 'running' }, data: withProgress });
  return moved.count ? db.gpuJob.findUnique({ where: { id: gpuJobId } }) : null;
}
