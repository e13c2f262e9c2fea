import { EventEmitter } from 'node:events';
import { Logger, run, type JobHelpers, type Task, type TaskList, type WorkerEvents } from 'graphile-worker';
import type pg from 'pg';
import { tasks } from './catalog.js';
import { startHeartbeat } from './heartbeat.js';

export interface WorkerOptions {
  pool: pg.Pool;
  concurrency: number;
  /** slots of the background lane (identity scoring: one per face-model process) */
  backgroundConcurrency: number;
  taskList: TaskList;
  log: (msg: string) => void;
  heartbeatMs: number;
  deadWorkerMs: number;
  /** longest a background task waits for the main lane to go quiet before it runs anyway; default 5 s */
  backgroundMaxDeferMs?: number;
}

/** The main lane counts as quiet once no main task has run for this long. */
const QUIET_MS = 50;

/**
 * Background tasks yield to main ones: each waits until no main-lane task (submits, settles —
 * the path an image takes to its creator) has run for QUIET_MS, or at most `maxDeferMs`, so
 * scoring only uses CPU between bursts of completions and still makes progress under sustained
 * load.
 */
function yieldingTo(isMain: (name: string) => boolean, events: WorkerEvents, maxDeferMs: number) {
  let active = 0;
  let lastActive = 0;
  events.on('job:start', ({ job }) => {
    if (isMain(job.task_identifier)) active++;
  });
  events.on('job:complete', ({ job }) => {
    if (!isMain(job.task_identifier)) return;
    active = Math.max(0, active - 1);
    lastActive = performance.now();
  });
  const quiet = () => active === 0 && performance.now() - lastActive >= QUIET_MS;
  return async () => {
    const until = performance.now() + maxDeferMs;
    while (!quiet() && performance.now() < until) await new Promise((r) => setTimeout(r, QUIET_MS));
  };
}

/**
 * Starts graphile-worker on the shared pool, with heartbeats and dead-worker recovery: one runner
 * for the main tasks (WORKER_CONCURRENCY slots) and one runner for the background lane (identity
 * scoring, FACE_PROCESSES slots), so slow CPU work never takes a slot GPU work needs; background tasks
 * also wait for the main lane to go quiet (see yieldingTo) unless their catalogue entry says a
 * payload does not (`yields`).
 */
export async function startWorker(o: WorkerOptions): Promise<{ stop(): Promise<void> }> {
  const logger = new Logger((scope) => (level, message) => {
    if (level === 'error' || level === 'warning') o.log(`[worker${scope.taskIdentifier ? ` ${scope.taskIdentifier}` : ''}] ${message}`);
  });
  const events = new EventEmitter() as WorkerEvents;
  const heartbeat = startHeartbeat({ pool: o.pool, events, intervalMs: o.heartbeatMs, deadAfterMs: o.deadWorkerMs, log: o.log });
  const entry = (name: string) => (tasks as Record<string, { lane?: 'background'; yields?: (p: unknown) => boolean }>)[name];
  const lane = (name: string): 'main' | 'background' => (entry(name)?.lane === 'background' ? 'background' : 'main');
  const pick = (which: 'main' | 'background') => Object.fromEntries(Object.entries(o.taskList).filter(([name]) => lane(name) === which)) as TaskList;
  const start = (taskList: TaskList, concurrency: number) => run({ pgPool: o.pool, concurrency, taskList, noHandleSignals: true, pollInterval: 1000, logger, events });
  const mainQuiet = yieldingTo((name) => lane(name) === 'main', events, o.backgroundMaxDeferMs ?? 5000);
  const runners = [await start(pick('main'), o.concurrency)];
  const background = Object.fromEntries(
    Object.entries(pick('background')).map(([name, task]) => [
      name,
      async (payload: unknown, helpers: JobHelpers) => {
        if (entry(name)?.yields?.(payload) ?? true) await mainQuiet();
        return (task as Task)(payload, helpers);
      },
    ]),
  ) as TaskList;
  if (Object.keys(background).length > 0) runners.push(await start(background, o.backgroundConcurrency));
  return {
    async stop() {
      await Promise.all(runners.map((r) => r.stop()));
      await heartbeat.stop();
    },
  };
}
