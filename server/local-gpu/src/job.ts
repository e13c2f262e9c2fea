import { randomUUID } from 'node:crypto';
import type { JobStatus } from './types.js';

/** A PNG kept as bytes (off the JS heap) and written as base64 only when a body is serialised. */
export class PngData {
  constructor(readonly bytes: Buffer) {}
  toJSON(): string {
    return this.bytes.toString('base64');
  }
}

export interface Job {
  id: string;
  endpointId: string;
  input: unknown;
  webhook?: string;
  /** policy.executionTimeout */
  executionTimeoutMs?: number;
  /** policy.ttl */
  ttlMs?: number;
  lowPriority: boolean;
  /** Submitted through /runsync: its result is kept ~1 min instead of 30. */
  sync: boolean;
  status: JobStatus;
  queuedAt: number;
  startedAt?: number;
  finishedAt?: number;
  workerId?: string;
  output?: unknown;
  error?: string;
  sampling?: { node: string; steps: number; startedAt: number; stepMs: number };
  /** A handler's own progress_update payload (a trainer's stage and step), shown while IN_PROGRESS. */
  progress?: unknown;
  outputBytes: number;
  expiresAt?: number;
  /** One per attempt: a retried job gets a new one, so a late result of the old attempt is ignored. */
  abort?: AbortController;
  ttlTimer?: NodeJS.Timeout;
  timeoutTimer?: NodeJS.Timeout;
  waiters: Set<() => void>;
}

/** RunPod job ids: a UUID with a datacenter suffix; /runsync ids start with `sync-`. */
export function newJobId(sync: boolean): string {
  return `${sync ? 'sync-' : ''}${randomUUID()}-u1`;
}

/** The body of GET /status (also /runsync's answer and the webhook POST). */
export function statusBody(job: Job, now: number): Record<string, unknown> {
  const body: Record<string, unknown> = { id: job.id, status: job.status };
  body.delayTime = Math.round((job.startedAt ?? job.finishedAt ?? now) - job.queuedAt);
  if (job.startedAt !== undefined) body.executionTime = Math.round((job.finishedAt ?? now) - job.startedAt);
  if (job.output !== undefined) body.output = job.output;
  else if (job.status === 'IN_PROGRESS' && job.progress !== undefined) body.output = job.progress;
  else if (job.status === 'IN_PROGRESS' && job.sampling) body.output = progressOf(job.sampling, now);
  if (job.error !== undefined) body.error = job.error;
  if (job.workerId !== undefined) body.workerId = job.workerId;
  return body;
}

/** worker-comfyui's forwarded progress_update payload, computed on read instead of per-step timers. */
function progressOf(s: NonNullable<Job['sampling']>, now: number) {
  const value = s.stepMs > 0 ? Math.min(s.steps, Math.floor((now - s.startedAt) / s.stepMs)) : s.steps;
  return { type: 'progress', value, max: s.steps, percent: Math.round((value / s.steps) * 1000) / 10, node: s.node };
}

/** Bytes of PNG data an output holds, for the retained-output memory cap. */
export function outputBytesOf(output: unknown): number {
  if (output instanceof PngData) return output.bytes.length;
  if (Array.isArray(output)) return output.reduce((n: number, v) => n + outputBytesOf(v), 0);
  if (output && typeof output === 'object') return Object.values(output).reduce((n: number, v) => n + outputBytesOf(v), 0);
  return typeof output === 'string' ? output.length : 0;
}
