import { EventEmitter } from 'node:events';
import { Logger, run, type TaskList, type WorkerEvents } from 'graphile-worker';
import type pg from 'pg';
import { startHeartbeat } from './heartbeat.js';

export interface WorkerOptions {
  pool: pg.Pool;
  concurrency: number;
  taskList: TaskList;
  log: (msg: string) => void;
  heartbeatMs: number;
  deadWorkerMs: number;
}

/** Starts a graphile-worker runner on the shared pool, with heartbeats and dead-worker recovery. */
export async function startWorker(o: WorkerOptions): Promise<{ stop(): Promise<void> }> {
  const logger = new Logger((scope) => (level, message) => {
    if (level === 'error' || level === 'warning') o.log(`[worker${scope.taskIdentifier ? ` ${scope.taskIdentifier}` : ''}] ${message}`);
  });
  const events = new EventEmitter() as WorkerEvents;
  const heartbeat = startHeartbeat({ pool: o.pool, events, intervalMs: o.heartbeatMs, deadAfterMs: o.deadWorkerMs, log: o.log });
  const runner = await run({
    pgPool: o.pool,
    concurrency: o.concurrency,
    taskList: o.taskList,
    noHandleSignals: true,
    pollInterval: 1000,
    logger,
    events,
  });
  return {
    async stop() {
      await runner.stop();
      await heartbeat.stop();
    },
  };
}
