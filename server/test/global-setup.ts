import path from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { repoRoot } from '../src/config/env.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { applyMigrations } from '../src/db/migrations.js';
import { installWorkerSchema } from '../src/queue/worker-schema.js';

const TEMPLATE = 'studio_test_template';

/**
 * Starts the test PostgreSQL (embedded, or the server of DATABASE_URL) and builds one migrated
 * template database; every test file clones it (CREATE DATABASE … TEMPLATE), which takes ~100 ms.
 */
export default async function setup(project: TestProject) {
  // Pure unit runs (e.g. `VITEST_NO_DB=1 vitest run src/providers`) need no database.
  if (process.env.VITEST_NO_DB === '1') return;
  let adminUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!adminUrl) {
    // A free port each run: other checkouts (or CI) may run their own test cluster next to ours.
    const db = await startEmbeddedPostgres(path.join(repoRoot, '.data', 'test-pg'), await freePort());
    adminUrl = db.url;
    stop = db.stop;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  const u = new URL(adminUrl);
  u.pathname = `/${TEMPLATE}`;
  await applyMigrations(u.toString());
  await installWorkerSchema(u.toString());
  // A template must have no connections when it is cloned.
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [TEMPLATE]);
  await admin.end();
  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', TEMPLATE);
  return stop;
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
