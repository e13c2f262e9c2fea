import { DEFAULT_EXECUTION_TIMEOUT_MS } from './config.js';
import { FailureInjector, OffIdentityInjector } from './failure-injector.js';
import { newJobId, outputBytesOf, statusBody, type Job } from './job.js';
import { handlerException } from './runpod-errors.js';
import { FINAL_STATUSES, type EndpointConfig, type HandlerContext, type JobHandler, type JobStatus, type LocalGpuStats } from './types.js';
import { abortableSleep, WorkerPool, type Worker } from './worker-pool.js';

export interface EndpointDeps {
  handler: JobHandler;
  now: () => number;
  /** Counters shared by every endpoint (LocalGpu.stats()). */
  global: LocalGpuStats;
  /** Called once per final status: webhooks and result retention. */
  onFinal(job: Job): void;
  /** Called when a finished job goes back to the queue (/retry): its old result is released. */
  onRequeue(job: Job): void;
}

export interface Submission {
  input: unknown;
  webhook?: string;
  policy?: { executionTimeout?: number; ttl?: number; lowPriority?: boolean };
  sync: boolean;
}

export function emptyStats(): LocalGpuStats {
  return {
    submitted: 0,
    completed: 0,
    failed: 0,
    inQueue: 0,
    inProgress: 0,
    maxInProgress: 0,
    webhooksSent: 0,
    webhooksFailed: 0,
    webhooksDropped: 0,
    cancelled: 0,
    timedOut: 0,
    retried: 0,
  };
}

/** One serverless endpoint: a FIFO queue (low-priority jobs last) drained by `workers` workers. */
export class Endpoint {
  readonly stats = emptyStats();
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private readonly lowPriorityQueue: Job[] = [];
  private readonly workers: WorkerPool;
  private readonly failures: FailureInjector;
  private readonly offIdentityInjector = new OffIdentityInjector();
  private closed = false;
  private delayedRunAnswers = 0;
  private pumpScheduled = false;

  constructor(
    readonly id: string,
    private config: EndpointConfig,
    private readonly deps: EndpointDeps,
  ) {
    this.workers = new WorkerPool(id, deps.now);
    this.failures = new FailureInjector(config.rngSeed);
  }

  get currentConfig(): EndpointConfig {
    return { ...this.config, failures: [...this.config.failures] };
  }

  configure(patch: Partial<EndpointConfig>): void {
    this.config = { ...this.config, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    if (patch.rngSeed !== undefined) this.failures.reseed(this.config.rngSeed);
    if (patch.failures !== undefined) this.failures.resetRules();
    if (patch.runResponseDelayMs !== undefined || patch.runResponseDelayTimes !== undefined) this.delayedRunAnswers = 0;
    this.pump();
  }

  submit(s: Submission): Job {
    const job: Job = {
      id: newJobId(s.sync),
      endpointId: this.id,
      input: s.input,
      webhook: s.webhook,
      executionTimeoutMs: s.policy?.executionTimeout,
      ttlMs: s.policy?.ttl,
      lowPriority: s.policy?.lowPriority === true,
      sync: s.sync,
      status: 'IN_QUEUE',
      queuedAt: this.deps.now(),
      outputBytes: 0,
      waiters: new Set(),
    };
    this.jobs.set(job.id, job);
    this.count('submitted', 1);
    this.count('inQueue', 1);
    // RunPod's ttl bounds the job's whole life, queue and execution.
    if (job.ttlMs !== undefined) job.ttlTimer = setTimeout(() => this.finish(job, 'TIMED_OUT'), job.ttlMs);
    (job.lowPriority ? this.lowPriorityQueue : this.queue).push(job);
    this.schedulePump();
    return job;
  }

  /** Whether this final job's webhook is lost (lostWebhooks): consumes one; the loss is counted. */
  loseWebhook(): boolean {
    if (!this.config.lostWebhooks) return false;
    this.config = { ...this.config, lostWebhooks: this.config.lostWebhooks - 1 };
    this.count('webhooksDropped', 1);
    return true;
  }

  /** How long to hold the answer to this /run (runResponseDelayMs, for its first runResponseDelayTimes calls). */
  runAnswerDelay(): number {
    const { runResponseDelayMs: ms, runResponseDelayTimes: times } = this.config;
    if (!ms || (times !== undefined && this.delayedRunAnswers >= times)) return 0;
    this.delayedRunAnswers++;
    return ms;
  }

  /** Every job still retained, oldest first: what a test checks for jobs nobody owns. */
  list(): Array<{ id: string; status: JobStatus; executionTime: number }> {
    const now = this.deps.now();
    return [...this.jobs.values()].map((j) => ({ id: j.id, status: j.status, executionTime: Number(statusBody(j, now).executionTime ?? 0) }));
  }

  get(jobId: string): Job | undefined {
    const job = this.jobs.get(jobId);
    if (job?.expiresAt !== undefined && this.deps.now() >= job.expiresAt) {
      this.forget(job);
      return undefined;
    }
    return job;
  }

  /** Drops a finished job (result expired or evicted): /status answers 404 from now on. */
  forget(job: Job): void {
    if (this.jobs.get(job.id) === job && FINAL_STATUSES.has(job.status)) this.jobs.delete(job.id);
  }

  cancel(jobId: string): Job | undefined {
    const job = this.get(jobId);
    if (job) this.finish(job, 'CANCELLED');
    return job;
  }

  /** Re-queues a FAILED or TIMED_OUT job under the same id. */
  retry(jobId: string): Job | 'not_retryable' | undefined {
    const job = this.get(jobId);
    if (!job) return undefined;
    if (job.status !== 'FAILED' && job.status !== 'TIMED_OUT') return 'not_retryable';
    this.deps.onRequeue(job);
    Object.assign(job, { status: 'IN_QUEUE', queuedAt: this.deps.now(), startedAt: undefined, finishedAt: undefined, workerId: undefined });
    Object.assign(job, { output: undefined, error: undefined, sampling: undefined, progress: undefined, expiresAt: undefined, outputBytes: 0 });
    this.count('inQueue', 1);
    this.count('retried', 1);
    (job.lowPriority ? this.lowPriorityQueue : this.queue).push(job);
    this.schedulePump();
    return job;
  }

  /** Cancels every job not yet running (including ones waiting on a cold start). */
  purgeQueue(): number {
    const queued = [...this.jobs.values()].filter((j) => j.status === 'IN_QUEUE');
    for (const job of queued) this.finish(job, 'CANCELLED');
    return queued.length;
  }

  health() {
    const { completed, failed, inProgress, inQueue, retried } = this.stats;
    return { jobs: { completed, failed, inProgress, inQueue, retried }, workers: this.workers.health(this.config.workers, this.config.idleTimeoutMs) };
  }

  /** Resolves when the job is final or after `ms`, whichever comes first (/runsync). */
  waitForFinal(job: Job, ms: number, signal?: AbortSignal): Promise<void> {
    if (FINAL_STATUSES.has(job.status)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        job.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      job.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  close(): void {
    this.closed = true;
    for (const job of this.jobs.values()) {
      clearTimeout(job.ttlTimer);
      clearTimeout(job.timeoutTimer);
      job.abort?.abort(new Error('local GPU closed'));
      for (const w of [...job.waiters]) w();
    }
  }

  private count(key: keyof LocalGpuStats, delta: number): void {
    this.stats[key] += delta;
    this.deps.global[key] += delta;
    if (key === 'inProgress' && delta > 0) {
      this.stats.maxInProgress = Math.max(this.stats.maxInProgress, this.stats.inProgress);
      this.deps.global.maxInProgress = Math.max(this.deps.global.maxInProgress, this.deps.global.inProgress);
    }
  }

  private leave(status: JobStatus): void {
    if (status === 'IN_QUEUE') this.count('inQueue', -1);
    if (status === 'IN_PROGRESS') this.count('inProgress', -1);
  }

  private finish(job: Job, status: Exclude<JobStatus, 'IN_QUEUE' | 'IN_PROGRESS'>, result: { output?: unknown; error?: string } = {}): void {
    if (FINAL_STATUSES.has(job.status)) return;
    if (job.status === 'IN_QUEUE') {
      for (const q of [this.queue, this.lowPriorityQueue]) {
        const i = q.indexOf(job);
        if (i >= 0) q.splice(i, 1);
      }
    }
    this.leave(job.status);
    Object.assign(job, {
      status,
      finishedAt: this.deps.now(),
      output: result.output,
      error: result.error,
      sampling: undefined,
      progress: undefined,
      outputBytes: outputBytesOf(result.output),
    });
    clearTimeout(job.ttlTimer);
    clearTimeout(job.timeoutTimer);
    this.workers.release(job.abort);
    job.abort?.abort(new Error(`job ${status}`));
    if (status === 'COMPLETED') this.count('completed', 1);
    else if (status === 'CANCELLED') this.count('cancelled', 1);
    else {
      this.count('failed', 1);
      if (status === 'TIMED_OUT') this.count('timedOut', 1);
    }
    for (const w of [...job.waiters]) w();
    if (!this.closed) this.deps.onFinal(job);
    this.pump();
  }

  /** Submissions answer IN_QUEUE, as on RunPod, before any worker takes the job. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (!this.closed && this.workers.busy < this.config.workers) {
      const job = this.queue.shift() ?? this.lowPriorityQueue.shift();
      if (!job) return;
      const attempt = new AbortController();
      job.abort = attempt;
      void this.execute(job, this.workers.acquire(attempt, this.config.idleTimeoutMs), attempt);
    }
  }

  private async execute(job: Job, worker: Worker, attempt: AbortController): Promise<void> {
    const config = this.config;
    try {
      if (config.coldStartMs > 0 && this.workers.isCold(worker, config.idleTimeoutMs)) {
        worker.initializing = true;
        await abortableSleep(config.coldStartMs, attempt.signal);
        worker.initializing = false;
      }
      if (attempt.signal.aborted || job.status !== 'IN_QUEUE') return;
      this.leave('IN_QUEUE');
      Object.assign(job, { status: 'IN_PROGRESS', startedAt: this.deps.now(), workerId: worker.id });
      this.count('inProgress', 1);
      const timeoutMs = job.executionTimeoutMs ?? config.executionTimeoutMs ?? DEFAULT_EXECUTION_TIMEOUT_MS;
      job.timeoutTimer = setTimeout(() => this.finish(job, 'TIMED_OUT'), timeoutMs);
      const result = await this.deps.handler.run(job.input, this.contextFor(job, worker, attempt, config));
      if (job.abort === attempt && !attempt.signal.aborted) this.finish(job, result.error !== undefined ? 'FAILED' : 'COMPLETED', result);
    } catch (err) {
      // Cancellation, timeouts and TTL arrive here as aborts: the job is already final.
      if (job.abort === attempt && !attempt.signal.aborted) this.finish(job, 'FAILED', { error: handlerException(err, worker.id) });
    } finally {
      this.workers.release(attempt);
      this.pump();
    }
  }

  private contextFor(job: Job, worker: Worker, attempt: AbortController, config: EndpointConfig): HandlerContext {
    return {
      jobId: job.id,
      workerId: worker.id,
      stepMs: config.stepMs,
      signal: attempt.signal,
      sleep: (ms) => abortableSleep(ms, attempt.signal),
      startSampling: (node, steps) => {
        job.sampling = { node, steps, startedAt: this.deps.now(), stepMs: config.stepMs };
      },
      reportProgress: (output) => {
        if (job.abort === attempt && job.status === 'IN_PROGRESS') job.progress = output;
      },
      decideFailure: (facts) => this.failures.decide(this.config, facts),
      offIdentity: (image) => this.offIdentityInjector.decide(this.config.offIdentityRate, image),
      nextImageIndex: () => ++worker.imageCounter,
    };
  }
}
