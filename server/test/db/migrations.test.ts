import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, diffMigrationsToSchema } from '../../src/db/migrations.js';
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
