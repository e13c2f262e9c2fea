import type { Task } from 'graphile-worker';
import { GpuFailureError, jobFailure, timedOut } from '../../domain/gpu-jobs/failure.js';
import { isLive } from '../../domain/gpu-jobs/lock.js';
import { endpointId } from '../../domain/gpu-jobs/policy.js';
import { completeAttempt, failAttempt, markRunning, settleUsage, type FinalReport } from '../../domain/gpu-jobs/settle.js';
import { interpretJob, RunpodError, type RunpodJob } from '../../providers/runpod/index.js';
import { earlierJobDone, parsePayload } from '../../queue/catalog.js';
import type { AppServices } from '../../services/app-services.js';
import { runnerOf, type GpuKindRunners } from './kinds.js';

/** Grace past the execution timeout before a job that RunPod still reports pending is given up. */
const TIMEOUT_GRACE_MS = 60_000;

/**
 * Settles one attempt of any GPU job: confirms its state with GET /status (webhooks are unsigned
 * hints), then lets the domain complete, retry or fail the job; a COMPLETED output is first
 * stored by the kind's collector. Idempotent: an attempt is settled once.
 */
export function gpuSettleTask(s: AppServices, runners: GpuKindRunners): Task {
  const load = (attemptId: string) => s.db.gpuJobAttempt.findUnique({ where: { id: attemptId }, include: { gpuJob: true } });
  return async (payload, helpers) => {
    const { attemptId } = parsePayload('gpu_settle', payload);
    let attempt = await load(attemptId);
    if (!attempt?.runpodJobId || attempt.settledAt) return;
    if (runnerOf(runners, attempt.gpuJob.kind).settlesAlone) {
      if (!(await earlierJobDone(s.db, 'gpu_settle', { attemptId }, helpers.job.id))) throw new Error('An earlier settle of this attempt is still collecting it.');
      attempt = await load(attemptId); // what the earlier one did
      if (!attempt?.runpodJobId || attempt.settledAt) return;
    }
    const { gpuJob: job } = attempt;
    const endpoint = endpointId(s.env, job.endpoint);

    let status: RunpodJob;
    try {
      status = await s.gpu.status(endpoint, attempt.runpodJobId);
    } catch (e) {
      if (e instanceof RunpodError && e.code === 'NOT_FOUND') {
        return failAttempt(s.db, s.env, job, attemptId, { status: 'EXPIRED' }, { class: 'transient', message: 'The GPU job expired before its result was collected.' });
      }
      throw e; // network trouble: the queue retries this task with backoff
    }
    const report: FinalReport = { status: status.status, delayMs: status.delayTime, executionMs: status.executionTime };
    const outcome = interpretJob(status);

    if (outcome.state === 'pending') {
      if (status.status !== 'IN_QUEUE') await markRunning(s.db, job.id, attemptId, outcome.output);
      const age = Date.now() - (attempt.submittedAt ?? attempt.createdAt).getTime();
      if (age > job.executionTimeoutMs + TIMEOUT_GRACE_MS) {
        await s.gpu.cancel(endpoint, attempt.runpodJobId).catch(() => {});
        const message = `The GPU job did not finish within ${Math.round(job.executionTimeoutMs / 1000)} s.`;
        await failAttempt(s.db, s.env, job, attemptId, { ...report, status: 'TIMED_OUT' }, timedOut(job, { class: 'transient', message }));
      }
      return;
    }
    if (outcome.state === 'cancelled' && attempt.status === 'superseded') return settleUsage(s.db, s.env, job, attemptId, report);
    if (outcome.state !== 'completed') {
      const failure = jobFailure(outcome.failure);
      return failAttempt(s.db, s.env, job, attemptId, report, status.status === 'TIMED_OUT' ? timedOut(job, failure) : failure);
    }
    if (attempt.status === 'superseded' || !isLive(job)) {
      return settleUsage(s.db, s.env, job, attemptId, report); // another attempt won: only its cost is ours to record
    }
    let result: unknown;
    try {
      result = await runnerOf(runners, job.kind).collect(job, outcome.output);
    } catch (e) {
      return failAttempt(s.db, s.env, job, attemptId, report, e instanceof GpuFailureError ? e.failure : { class: 'transient', message: (e as Error).message });
    }
    await completeAttempt(s.db, s.env, job, attemptId, report, result);
  };
}
