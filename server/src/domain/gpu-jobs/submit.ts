import { randomBytes } from 'node:crypto';
import type { Env } from '../../config/env.js';
import type { Db, Tx } from '../../db/client.js';
import type { GpuJob, GpuJobAttempt } from '../../generated/prisma/client.js';
import { enqueue } from '../../queue/catalog.js';
import type { RunpodError } from '../../providers/runpod/index.js';
import { callFailure, type GpuFailure } from './failure.js';
import { isLive, lockGpuJob, type GpuJobRef } from './lock.js';
import { ownerOf } from './owners.js';
import { failOrRequeue } from './transitions.js';

export type Claim = { attempt: GpuJobAttempt; job: GpuJob } | { waitUntil: Date } | null;

/**
 * Starts an attempt of a queued GPU job: a new attempt row with an unguessable webhook token.
 * An earlier attempt whose /run may have been accepted (unconfirmed, or left `submitting` by a
 * worker that died mid-request) gets GPU_UNCONFIRMED_GRACE_MS for its webhook first: submitting
 * again at once could run (and pay for) the same image twice. Returns null when there is nothing
 * to submit (already submitted, finished, cancelled).
 */
export function claimAttempt(db: Db, env: Env, ref: GpuJobRef): Promise<Claim> {
  const gpuJobId = ref.id;
  return db.$transaction(async (tx) => {
    const job = await lockGpuJob(tx, ref);
    if (!job || job.status !== 'queued') return null;
    const earlier = await tx.gpuJobAttempt.findMany({ where: { gpuJobId }, select: { id: true, number: true, status: true, runpodJobId: true, createdAt: true } });
    const pending = earlier.filter((a) => (a.status === 'submitting' || a.status === 'unconfirmed') && !a.runpodJobId);
    // A `submitting` attempt here was left by a worker that died during /run: it may have been accepted.
    const dying = pending.filter((a) => a.status === 'submitting').map((a) => a.id);
    if (dying.length) await tx.gpuJobAttempt.updateMany({ where: { id: { in: dying } }, data: { status: 'unconfirmed' } });
    const graceEnds = Math.max(0, ...pending.map((a) => a.createdAt.getTime() + env.GPU_UNCONFIRMED_GRACE_MS));
    if (graceEnds > Date.now()) return { waitUntil: new Date(graceEnds) };
    const attempt = await tx.gpuJobAttempt.create({
      data: { gpuJobId, number: Math.max(0, ...earlier.map((a) => a.number)) + 1, webhookToken: randomBytes(24).toString('base64url') },
    });
    const claimed = await tx.gpuJob.update({ where: { id: gpuJobId }, data: { attempts: { increment: 1 }, currentAttemptId: attempt.id } });
    return { attempt, job: claimed };
  });
}

/**
 * Records the RunPod id /run returned. The same transition serves a webhook that arrived before
 * /run answered (a fast GPU): either way the owner hears `onSubmitted` exactly once. Returns
 * 'cancel' when the work no longer wants this RunPod job (cancelled meanwhile, or superseded):
 * the caller cancels it by id so it does not run unowned.
 */
export function recordSubmission(db: Db, ref: GpuJobRef, attemptId: string, runpodJobId: string): Promise<'submitted' | 'cancel'> {
  return db.$transaction(async (tx) => {
    const job = await lockGpuJob(tx, ref);
    const attempt = await tx.gpuJobAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    return (await adoptInTx(tx, job!, attempt, runpodJobId)) ? 'submitted' : 'cancel';
  });
}

/**
 * Binds a RunPod job id to an attempt (from /run's answer or from its webhook). When the attempt is
 * the current one of a queued job, the job becomes submitted. Returns false when the job is over
 * (its RunPod job should be cancelled).
 */
export async function adoptInTx(tx: Tx, job: GpuJob, attempt: GpuJobAttempt, runpodJobId: string): Promise<boolean> {
  if (attempt.runpodJobId && attempt.runpodJobId !== runpodJobId) return false;
  const live = isLive(job);
  if (!attempt.runpodJobId) {
    await tx.gpuJobAttempt.update({
      where: { id: attempt.id },
      data: { runpodJobId, submittedAt: new Date(), status: live ? 'submitted' : 'superseded' },
    });
  }
  if (!live) return false;
  if (job.status === 'queued' && (job.currentAttemptId === attempt.id || job.currentAttemptId === null)) {
    const submitted = await tx.gpuJob.update({
      where: { id: job.id },
      data: { status: 'submitted', runpodJobId, submittedAt: new Date(), currentAttemptId: attempt.id },
    });
    await ownerOf(job.kind).onSubmitted(tx, submitted);
  }
  return true;
}

/**
 * A /run that failed. Configuration and permanent errors fail the job at once with a sentence
 * that says what to fix; transient ones are retried with backoff until the attempts run out.
 * One that may have been accepted waits GPU_UNCONFIRMED_GRACE_MS for its webhook before the next.
 */
export function submissionFailed(db: Db, env: Env, ref: GpuJobRef, attemptId: string, error: RunpodError): Promise<GpuFailure | null> {
  return db.$transaction(async (tx) => {
    const job = await lockGpuJob(tx, ref);
    const now = await tx.gpuJobAttempt.findUniqueOrThrow({ where: { id: attemptId } });
    if (!job || now.status !== 'submitting') return null; // its webhook adopted it meanwhile
    const failure = callFailure(error, job.endpoint);
    await tx.gpuJobAttempt.update({ where: { id: attemptId }, data: { status: error.maybeSubmitted ? 'unconfirmed' : 'rejected', error: failure.message.slice(0, 2000) } });
    if (!isLive(job) || job.currentAttemptId !== attemptId) return failure;
    await failOrRequeue(tx, env, job, failure, error.maybeSubmitted ? env.GPU_UNCONFIRMED_GRACE_MS : 0);
    return failure;
  });
}

/** Schedules the next submission of a queued GPU job (after a grace period or a backoff). */
export function resubmitAt(db: Db, gpuJobId: string, runAt: Date) {
  return db.$transaction((tx) => enqueue(tx, 'gpu_submit', { gpuJobId }, { runAt }));
}
