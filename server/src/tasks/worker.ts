import { Logger, run, type Runner, type TaskList } from 'graphile-worker';
import type pg from 'pg';

export interface WorkerOptions {
  pool: pg.Pool;
  concurrency: number;
  taskList: TaskList;
  log?: (msg: string) => void;
  /** Cron lines (graphile-worker crontab syntax). */
  crontab?: string;
}

/** Starts a graphile-worker runner on the shared pool; returns it for `stop()`. */
export async function startWorker(o: WorkerOptions): Promise<Runner> {
  const logger = new Logger((scope) => (level, message) => {
    if (level === 'error' || level === 'warning') o.log?.(`[worker${scope.taskIdentifier ? ` ${scope.taskIdentifier}` : ''}] ${message}`);
  });
  return run({
    pgPool: o.pool,
    concurrency: o.concurrency,
    taskList: o.taskList,
    crontab: o.crontab ?? '',
    noHandleSignals: true,
    pollInterval: 1000,
    logger,
  });
}
