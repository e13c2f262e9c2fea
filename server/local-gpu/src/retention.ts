import type { Job } from './job.js';

export interface RetentionOptions {
  resultTtlMs: number;
  runsyncResultTtlMs: number;
  maxBytes: number;
}

/**
 * How long finished jobs stay answerable: RunPod keeps /run results 30 min and /runsync results
 * ~1 min. A byte cap on top forgets the oldest results first, so long benchmarks stay bounded.
 */
export class Retention {
  /** finished jobs in finishing order, with the output bytes each holds */
  private readonly finished = new Map<Job, number>();
  private bytes = 0;

  constructor(
    private readonly o: RetentionOptions,
    private readonly forget: (job: Job) => void,
    private readonly now: () => number = Date.now,
  ) {}

  track(job: Job): void {
    job.expiresAt = this.now() + (job.sync ? this.o.runsyncResultTtlMs : this.o.resultTtlMs);
    this.untrack(job);
    this.finished.set(job, job.outputBytes);
    this.bytes += job.outputBytes;
    for (const [oldest] of this.finished) {
      if (this.bytes <= this.o.maxBytes || oldest === job) break;
      this.drop(oldest);
    }
  }

  /** A retried job is live again; its old result no longer counts. */
  untrack(job: Job): void {
    const bytes = this.finished.get(job);
    if (bytes === undefined) return;
    this.finished.delete(job);
    this.bytes -= bytes;
  }

  sweep(): void {
    const now = this.now();
    for (const job of [...this.finished.keys()]) if (job.expiresAt !== undefined && now >= job.expiresAt) this.drop(job);
  }

  private drop(job: Job): void {
    this.untrack(job);
    this.forget(job);
  }
}
