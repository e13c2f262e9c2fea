import { z } from 'zod';
import type { Tx } from '../db/client.js';

const id = z.string().uuid();

/**
 * Every task and its payload (IDs only: a task re-reads state). The single place where task
 * names are spelled; enqueue() and the worker's task list are both typed by it.
 */
export const taskPayloads = {
  /** Build the workflow for one image of a pack and submit it to the GPU. */
  submit_image: z.object({ itemId: id }),
  /** Confirm a GPU job's final status (webhook hint or reconcile) and complete or fail the image. */
  complete_image: z.object({ itemId: id, runpodJobId: z.string().min(1).max(200) }),
  /** Periodic safety net: find GPU jobs whose webhook never came (or that hang) and check them. */
  reconcile_gpu_jobs: z.object({}).strict(),
  /** Best-effort cancel of a GPU job whose image was cancelled. */
  cancel_gpu_job: z.object({ itemId: id, runpodJobId: z.string().min(1).max(200) }),
  /** Remove the files of soft-deleted assets once their grace period is over. */
  purge_deleted_assets: z.object({ assetIds: z.array(id).min(1).max(500) }),
} as const;

export type TaskName = keyof typeof taskPayloads;
export type TaskPayload<T extends TaskName> = z.infer<(typeof taskPayloads)[T]>;

export interface EnqueueSpec {
  /** Deduplicates: a second job with the same key replaces/merges instead of duplicating work. */
  jobKey?: string;
  jobKeyMode?: 'replace' | 'preserve_run_at' | 'unsafe_dedupe';
  maxAttempts?: number;
  runAt?: Date;
  priority?: number;
  queueName?: string;
}

/**
 * Adds a graphile-worker job inside the caller's Prisma transaction, so the job exists exactly
 * when the rows it refers to do.
 */
export async function enqueue<T extends TaskName>(tx: Tx, task: T, payload: TaskPayload<T>, spec: EnqueueSpec = {}): Promise<void> {
  const parsed = taskPayloads[task].parse(payload);
  await tx.$executeRaw`SELECT graphile_worker.add_job(
    identifier => ${task}::text,
    payload => ${JSON.stringify(parsed)}::json,
    queue_name => ${spec.queueName ?? null}::text,
    run_at => ${spec.runAt ?? null}::timestamptz,
    max_attempts => ${spec.maxAttempts ?? null}::int,
    job_key => ${spec.jobKey ?? null}::text,
    priority => ${spec.priority ?? null}::int,
    job_key_mode => ${spec.jobKeyMode ?? null}::text
  )`;
}

/** Parses a task's payload at the door of the task. */
export function parsePayload<T extends TaskName>(task: T, payload: unknown): TaskPayload<T> {
  return taskPayloads[task].parse(payload) as TaskPayload<T>;
}
