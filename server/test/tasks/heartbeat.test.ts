import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ worker: true, env: { WORKER_HEARTBEAT_MS: '200', WORKER_DEAD_AFTER_MS: '1000' } });
});
afterAll(() => app?.close());

describe('worker heartbeats', () => {
  it('unlocks a job held by a worker whose heartbeat stopped (graphile-worker alone would wait 4 hours), and the job runs', async () => {
    const pool = app.db.pool;
    // A job locked by a worker that died a minute ago (never sent a heartbeat).
    await pool.query(`SELECT graphile_worker.add_job('gpu_cancel', json_build_object('attemptId', gen_random_uuid()), job_key => 'orphan')`);
    await pool.query(`UPDATE graphile_worker._private_jobs SET locked_by = 'worker-dead-1', locked_at = now() - interval '1 minute' WHERE key = 'orphan'`);
    // A job locked by a live worker (fresh heartbeat) must stay locked.
    await pool.query(`SELECT graphile_worker.add_job('gpu_cancel', json_build_object('attemptId', gen_random_uuid()), job_key => 'busy', run_at => now() + interval '1 hour')`);
    await pool.query(`INSERT INTO "WorkerHeartbeat" ("workerId", host, pid, "lastSeenAt") VALUES ('worker-alive-1', 'elsewhere', 1, now())`);
    await pool.query(`UPDATE graphile_worker._private_jobs SET locked_by = 'worker-alive-1', locked_at = now() - interval '1 minute' WHERE key = 'busy'`);
    const keepAlive = setInterval(() => void pool.query(`UPDATE "WorkerHeartbeat" SET "lastSeenAt" = now() WHERE "workerId" = 'worker-alive-1'`), 100);
    try {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const { rows } = await pool.query(`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE key = 'orphan'`);
        if (rows[0].n === 0) break; // unlocked, picked up and completed
        if (Date.now() > deadline) throw new Error('the orphaned job was never unlocked');
        await new Promise((r) => setTimeout(r, 100));
      }
      const { rows } = await pool.query(`SELECT locked_by FROM graphile_worker._private_jobs WHERE key = 'busy'`);
      expect(rows[0].locked_by).toBe('worker-alive-1');
      // Our own workers keep beating (the unlock can happen before their first beat: wait for one).
      let beats = 0;
      for (let i = 0; i < 100 && beats === 0; i++) {
        const r = await pool.query(`SELECT count(*)::int AS n FROM "WorkerHeartbeat" WHERE "workerId" <> 'worker-alive-1' AND "lastSeenAt" > now() - interval '5 seconds'`);
        beats = r.rows[0].n;
        if (!beats) await new Promise((res) => setTimeout(res, 50));
      }
      expect(beats).toBeGreaterThan(0);
    } finally {
      clearInterval(keepAlive);
    }
  });
});
