import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.js';
import { applyMigrations, diffMigrationsToSchema, prismaDir } from '../../src/db/migrations.js';
import { migrationSettings } from '../../src/db/resolve-database.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('migrations', () => {
  it('agree with prisma/schema.prisma (run `pnpm db:diff <name>` to write the next one)', async () => {
    const sql = await diffMigrationsToSchema(db.url);
    expect(sql, `schema.prisma and prisma/migrations differ:\n${sql}`).toBe('');
  });

  it('are already applied in a cloned database and re-applying is a no-op', async () => {
    expect(await applyMigrations(db.url)).toEqual([]);
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query(`SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
    await c.end();
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('leave no shadow databases behind', async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'`);
    await c.end();
    expect(rows).toEqual([]);
  });
});

describe('the asset-bucket migration', () => {
  const sqlOf = async () => {
    const dir = (await readdir(path.join(prismaDir, 'migrations'))).find((d) => d.endsWith('_asset_storage_bucket'))!;
    return readFile(path.join(prismaDir, 'migrations', dir, 'migration.sql'), 'utf8');
  };

  /** Runs the migration on a session-local stand-in for the table as it was before (temp tables come first on the search path). */
  async function backfill(settings: Record<string, string>) {
    const options = Object.entries(settings)
      .map(([k, v]) => `-c ${k}=${v}`)
      .join(' ');
    const c = new pg.Client({ connectionString: db.url, ...(options && { options }) });
    await c.connect();
    try {
      await c.query(`CREATE TEMP TABLE "ImageAsset" (id int, nsfw boolean)`);
      await c.query(`INSERT INTO "ImageAsset" VALUES (1, false), (2, true)`);
      await c.query(await sqlOf());
      return (await c.query(`SELECT "storageBucket" FROM "ImageAsset" ORDER BY id`)).rows.map((r) => r.storageBucket);
    } finally {
      await c.end();
    }
  }

  it('fills existing assets with the buckets of the configuration that applies it', async () => {
    const env = parseEnv({ SUPABASE_URL: 'https://x.supabase.co', SUPABASE_SERVICE_KEY: 'k', STORAGE_BUCKET: 'old-assets', STORAGE_ADULT_BUCKET: 'old-adult' });
    expect(await backfill(migrationSettings(env))).toEqual(['old-assets', 'old-adult']);
  });

  it("uses local storage's buckets without Supabase, and the defaults without settings", async () => {
    expect(migrationSettings(parseEnv({ STORAGE_BUCKET: 'ignored-without-supabase' }))).toEqual({
      'content_studio.storage_bucket': 'assets',
      'content_studio.storage_adult_bucket': 'assets-adult',
    });
    expect(await backfill({})).toEqual(['assets', 'assets-adult']);
  });
});
