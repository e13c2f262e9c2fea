import { Logger, runMigrations } from 'graphile-worker';
import pg from 'pg';

/** Tasks an earlier release queued under names that no longer exist (replaced by the gpu_* tasks). */
const RETIRED_TASKS = ['submit_image', 'complete_image', 'cancel_gpu_job', 'reconcile_gpu_jobs'];

/**
 * Installs or upgrades graphile-worker's own schema (graphile_worker.*) in the database, and drops
 * queued runs of retired tasks: they could only fail as unknown tasks (the work they stood for is
 * carried by the GPU-job rows and picked up by the reconcile).
 */
export async function installWorkerSchema(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, logger: new Logger(() => () => {}) });
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`DELETE FROM graphile_worker._private_jobs WHERE task_id IN (SELECT id FROM graphile_worker._private_tasks WHERE identifier = ANY($1::text[]))`, [
      RETIRED_TASKS,
    ]);
  } finally {
    await client.end();
  }
}
