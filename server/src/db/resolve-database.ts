import path from 'node:path';
import { dataDir, storageBuckets, type Env } from '../config/env.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { applyMigrations, type MigrationSettings } from './migrations.js';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set, else the embedded PostgreSQL under DATA_DIR; migrations applied. */
export async function resolveDatabase(
  env: Env,
  log: (msg: string) => void = () => {},
  migrate: (url: string, settings: MigrationSettings) => Promise<string[]> = applyMigrations,
): Promise<ResolvedDatabase> {
  let resolved: ResolvedDatabase;
  if (env.DATABASE_URL) {
    resolved = { url: env.DATABASE_URL, embedded: false, stop: async () => {} };
  } else {
    const dir = path.join(dataDir(env), 'pg');
    const db = await startEmbeddedPostgres(dir, env.EMBEDDED_PG_PORT, log);
    log(`embedded PostgreSQL on port ${env.EMBEDDED_PG_PORT} (data in ${dir})`);
    resolved = { url: db.url, embedded: true, stop: db.stop };
  }
  const applied = await migrate(resolved.url, migrationSettings(env));
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  return resolved;
}

/** What data migrations read from the configuration (see MigrationSettings). */
export function migrationSettings(env: Env): MigrationSettings {
  const buckets = storageBuckets(env);
  return { 'content_studio.storage_bucket': buckets.regular, 'content_studio.storage_adult_bucket': buckets.adult };
}
