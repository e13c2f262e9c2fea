import type { Task } from 'graphile-worker';
import { isRunpodError } from '../../domain/gpu-jobs/failure.js';
import { endpointId } from '../../domain/gpu-jobs/policy.js';
import { claimAttempt, recordSubmission, resubmitAt, submissionFailed } from '../../domain/gpu-jobs/submit.js';
import { failStranded, gaveUp } from '../../domain/gpu-jobs/fail-stranded.js';
import { parsePayload } from '../../queue/catalog.js';
import type { AppServices } from '../../services/app-services.js';
import { runnerOf, type GpuKindRunners } from './kinds.js';

/**
 * One attempt of any GPU job: build the kind's input, claim an attempt (a per-attempt webhook
 * token), POST /run, record the RunPod id — then return: the worker slot is free while the GPU
 * works (the result comes by webhook or reconcile). Failures are classified by the domain:
 * retried with backoff, or failed with a sentence the creator or operator can act on.
 */
export function gpuSubmitTask(s: AppServices, runners: GpuKindRunners): Task {
  return async (payload, helpers) => {
    const { gpuJobId } = parsePayload('gpu_submit', payload);
    try {
      await submit(s, runners, gpuJobId);
    } catch (e) {
      // The queue's last try: fail the work with the reason rather than leave it queued for ever.
      if (helpers.job.attempts >= helpers.job.max_attempts) await failStranded(s.db, gpuJobId, gaveUp((e as Error).message));
      throw e;
    }
  };
}

async function submit(s: AppServices, runners: GpuKindRunners, gpuJobId: string): Promise<void> {
  const job = await s.db.gpuJob.findUnique({ where: { id: gpuJobId } });
  if (!job || job.status !== 'queued') return;
  let input: unknown;
  try {
    input = await runnerOf(runners, job.kind).buildInput(job);
  } catch (e) {
    await failStranded(s.db, gpuJobId, `Could not build the workflow: ${(e as Error).message}`, 'permanent');
    return;
  }
  const claim = await claimAttempt(s.db, s.env, job);
  if (!claim) return;
  if ('waitUntil' in claim) return void (await resubmitAt(s.db, gpuJobId, claim.waitUntil));
  const { attempt } = claim;
  const endpoint = endpointId(s.env, job.endpoint);
  let runpodJobId: string;
  try {
    ({ id: runpodJobId } = await s.gpu.run(endpoint, input, {
      webhook: `${s.publicUrl()}/webhooks/runpod/${attempt.webhookToken}`,
      policy: { executionTimeout: job.executionTimeoutMs },
    }));
  } catch (e) {
    if (!isRunpodError(e)) throw e;
    const failure = await submissionFailed(s.db, s.env, job, attempt.id, e);
    if (failure) s.log(`GPU job ${gpuJobId} attempt ${attempt.number}: ${failure.message}`);
    return;
  }
  if ((await recordSubmission(s.db, job, attempt.id, runpodJobId)) === 'cancel') {
    await s.gpu.cancel(endpoint, runpodJobId).catch(() => {});
    return;
  }
  // Off this task's path: it returns (and the queue records it done) before the preparation runs.
  const prepare = runnerOf(runners, job.kind).whileRunning;
  if (prepare) setImmediate(() => prepare(job));
}
