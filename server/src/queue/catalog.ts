import { z } from 'zod';
import type { Tx } from '../db/client.js';

const id = z.string().uuid();

/**
 * Every task, its payload (IDs only: a task re-reads state) and its enqueue defaults. The single
 * place where task names are spelled; enqueue() and the worker's task list are both typed by it.
 */
export const tasks = {
  /** Build a GPU job's input and POST /run it (one attempt), or fail it when that cannot work. */
  gpu_submit: {
    payload: z.object({ gpuJobId: id }),
    defaults: (p: { gpuJobId: string }) => ({ jobKey: `gpu_submit:${p.gpuJobId}`, maxAttempts: 5 }),
  },
  /** Confirm an attempt's status with GET /status (webhook hint or reconcile) and settle the GPU job. */
  gpu_settle: {
    payload: z.object({ attemptId: id }),
    defaults: (p: { attemptId: string }) => ({ jobKey: `gpu_settle:${p.attemptId}`, maxAttempts: 5 }),
  },
  /** Cancel an attempt's RunPod job (a cancelled pack, or an attempt another one superseded). */
  gpu_cancel: {
    payload: z.object({ attemptId: id }),
    defaults: (p: { attemptId: string }) => ({ jobKey: `gpu_cancel:${p.attemptId}`, maxAttempts: 3 }),
  },
  /**
   * Score an asset's face against its influencer's base face. Off the hot path: the background
   * lane (a runner of its own, so it never takes a slot GPU work needs), a low priority, and it
   * waits for the main lane to go quiet; completions never wait for it. `awaited`: a pipeline
   * step waits for this score (a character-sheet shot, before its training): it goes first and
   * does not wait for the main lane.
   */
  score_identity: {
    lane: 'background',
    payload: z.object({ assetId: id, awaited: z.boolean().optional() }),
    defaults: (p: { assetId: string; awaited?: boolean }) => ({ jobKey: `score_identity:${p.assetId}`, priority: p.awaited ? 5 : 10, maxAttempts: 3 }),
    yields: (p: { awaited?: boolean }) => !p.awaited,
  },
  /** Start the LoRA training of a completed character sheet (once per sheet). */
  lora_training_start: {
    payload: z.object({ sheetJobId: id }),
    defaults: (p: { sheetJobId: string }) => ({ jobKey: `lora_training_start:${p.sheetJobId}`, maxAttempts: 5 }),
  },
  /** Read a running LoRA training's progress (GET /status) and push it; re-enqueues itself until the training ends. */
  lora_training_progress: {
    payload: z.object({ loraTrainingJobId: id }),
    defaults: (p: { loraTrainingJobId: string }) => ({ jobKey: `lora_training_progress:${p.loraTrainingJobId}`, jobKeyMode: 'replace' as const, maxAttempts: 3 }),
  },
  /** Remove the files of soft-deleted assets once their grace period is over. */
  purge_deleted_assets: {
    payload: z.object({ assetIds: z.array(id).min(1).max(500) }),
    defaults: () => ({ maxAttempts: 10 }),
  },
  /** Periodic safety net for every GPU job kind: lost webhooks, hangs, and work the queue gave up on. */
  gpu_reconcile: {
    payload: z.object({}).strict(),
    defaults: () => ({ jobKey: 'gpu_reconcile', jobKeyMode: 'replace' as const, maxAttempts: 100 }),
  },
} satisfies Record<string, { payload: z.ZodType; defaults: (p: never) => EnqueueSpec; lane?: 'background'; yields?: (p: never) => boolean }>;

export type TaskName = keyof typeof tasks;
export type TaskPayload<T extends TaskName> = z.infer<(typeof tasks)[T]['payload']>;

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
 * when the rows it refers to do. `spec` overrides the task's defaults (e.g. a later `runAt`).
 */
export async function enqueue<T extends TaskName>(tx: Tx, task: T, payload: TaskPayload<T>, spec: EnqueueSpec = {}): Promise<void> {
  const parsed = tasks[task].payload.parse(payload) as TaskPayload<T>;
  const s: EnqueueSpec = { ...(tasks[task].defaults as (p: TaskPayload<T>) => EnqueueSpec)(parsed), ...spec };
  await tx.$executeRaw`SELECT graphile_worker.add_job(
    identifier => ${task}::text,
    payload => ${JSON.stringify(parsed)}::json,
    queue_name => ${s.queueName ?? null}::text,
    run_at => ${s.runAt ?? null}::timestamptz,
    max_attempts => ${s.maxAttempts ?? null}::int,
    job_key => ${s.jobKey ?? null}::text,
    priority => ${s.priority ?? null}::int,
    job_key_mode => ${s.jobKeyMode ?? null}::text
  )`;
}

/** Parses a task's payload at the door of the task. */
export function parsePayload<T extends TaskName>(task: T, payload: unknown): TaskPayload<T> {
  return tasks[task].payload.parse(payload) as TaskPayload<T>;
}

/**
 * Waits while an earlier job of the same task and payload is held by a worker. graphile-worker
 * dedupes a job key only while the job waits: enqueuing it while a worker holds it (a webhook
 * arriving while the reconcile's settle runs) creates a second job, and both would run at once.
 * Only held jobs count (a dead worker's are released by the heartbeat), so the wait ends. Returns
 * false when the earlier job still holds on after `maxWaitMs`: the caller throws, the queue retries.
 */
export async function earlierJobDone<T extends TaskName>(
  db: Pick<Tx, '$queryRaw'>,
  task: T,
  payload: TaskPayload<T>,
  jobId: string,
  o: { pollMs?: number; maxWaitMs?: number } = {},
): Promise<boolean> {
  const deadline = Date.now() + (o.maxWaitMs ?? 60_000);
  for (;;) {
    const [held] = await db.$queryRaw<unknown[]>`
      SELECT 1 FROM graphile_worker._private_jobs j
      JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = ${task} AND j.locked_at IS NOT NULL AND j.id < ${BigInt(jobId)}
        AND j.payload::jsonb @> ${JSON.stringify(payload)}::jsonb
      LIMIT 1`;
    if (!held) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, o.pollMs ?? 100));
  }
}
