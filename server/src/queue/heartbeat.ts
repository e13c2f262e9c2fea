import { hostname } from 'node:os';
import type { WorkerEvents } from 'graphile-worker';
import type pg from 'pg';

export interface HeartbeatOptions {
  pool: pg.Pool;
  events: WorkerEvents;
  /** How often live workers say so (and dead ones are looked for). */
  intervalMs: number;
  /** A worker silent for this long is dead: its locked jobs are unlocked for others to run. */
  deadAfterMs: number;
  log: (msg: string) => void;
}

/**
 * graphile-worker leaves a crashed worker's jobs locked for 4 hours. Every process records a
 * heartbeat for each of its workers (database time, so clocks don't matter) and unlocks the jobs
 * of workers whose heartbeat stopped — so a kill -9 costs `deadAfterMs`, not hours.
 */
export function startHeartbeat(o: HeartbeatOptions): { stop(): Promise<void> } {
  const workerIds = new Set<string>();
  o.events.on('worker:create', ({ worker }) => workerIds.add(worker.workerId));
  o.events.on('worker:stop', ({ worker }) => workerIds.delete(worker.workerId));
  const host = hostname();
  let running: Promise<void> | null = null;

  const tick = async () => {
    const ids = [...workerIds];
    if (ids.length) {
      await o.pool.query(
        `INSERT INTO "WorkerHeartbeat" ("workerId", host, pid, "lastSeenAt")
         SELECT id, $2, $3, now() FROM unnest($1::text[]) AS id
         ON CONFLICT ("workerId") DO UPDATE SET "lastSeenAt" = now()`,
        [ids, host, process.pid],
      );
    }
    const dead = await o.pool.query<{ locked_by: string }>(
      `SELECT DISTINCT j.locked_by FROM graphile_worker._private_jobs j
       WHERE j.locked_by IS NOT NULL
         AND j.locked_at < now() - make_interval(secs => $1::float8 / 1000)
         AND NOT EXISTS (SELECT 1 FROM "WorkerHeartbeat" h
                         WHERE h."workerId" = j.locked_by AND h."lastSeenAt" > now() - make_interval(secs => $1::float8 / 1000))`,
      [o.deadAfterMs],
    );
    if (dead.rows.length) {
      const ids = dead.rows.map((r) => r.locked_by);
      await o.pool.query('SELECT graphile_worker.force_unlock_workers($1::text[])', [ids]);
      await o.pool.query(`DELETE FROM "WorkerHeartbeat" WHERE "workerId" = ANY($1::text[])`, [ids]);
      o.log(`unlocked the jobs of ${ids.length} dead worker(s): ${ids.join(', ')}`);
    }
  };

  const timer = setInterval(() => {
    running ??= tick()
      .catch((e) => o.log(`heartbeat: ${String(e)}`))
      .finally(() => (running = null));
  }, o.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      const ids = [...workerIds];
      if (ids.length) await o.pool.query(`DELETE FROM "WorkerHeartbeat" WHERE "workerId" = ANY($1::text[])`, [ids]).catch(() => {});
    },
  };
}
