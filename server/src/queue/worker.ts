import { EventEmitter } from 'node:events';
import { Logger, run, type TaskList, type WorkerEvents } from 'graphile-worker';
import type pg from 'pg';
import { tasks } from './catalog.js';
import { startHeartbeat } from './heartbeat.js';

export interface WorkerOptions {
  pool: pg.Pool;
  concurrency: number;
  taskList: TaskList;
  log: (msg: string) => void;
  heartbeatMs: number;
  deadWorkerMs: number;
}

/**
 * Starts graphile-worker on the shared pool, with heartbeats and dead-worker recovery: one runner
 * for the main tasks (WORKER_CONCURRENCY slots) and one single-slot runner for the background
 * lane (identity scoring), so slow CPU work never takes a slot GPU work needs.
 */
export async function startWorker(o: WorkerOptions): Promise<{ stop(): Promise<void> }> {
  const logger = new Logger((scope) => (level, message) => {
    if (level === 'error' || level === 'warning') o.log(`[worker${scope.taskIdentifier ? ` ${scope.taskIdentifier}` : ''}] ${message}`);
  });
  const events = new EventEmitter() as WorkerEvents;
  const heartbeat = startHeartbeat({ pool: o.pool, events, intervalMs: o.heartbeatMs, deadAfterMs: o.deadWorkerMs, log: o.log });
  const lane = (name: string): 'main' | 'background' => ((tasks as Record<string, { lane?: 'background' }>)[name]?.lane === 'background' ? 'background' : 'main');
  const pick = (which: 'main' | 'background') => Object.fromEntries(Object.entries(o.taskList).filter(([name]) => lane(name) === which)) as TaskList;
  const start = (taskList: TaskList, concurrency: number) => run({ pgPool: o.pool, concurrency, taskList, noHandleSignals: true, pollInterval: 1000, logger, events });
  const runners = [await start(pick('main'), o.concurrency)];
  const background = pick('background');
  if (Object.keys(background).length > 0) runners.push(await start(background, 1));
  return {
    async stop() {
      await Promise.all(runners.map((r) => r.stop()));
      await heartbeat.stop();
    },
  };
}
