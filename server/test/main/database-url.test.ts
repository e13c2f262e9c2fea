import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/main/app.js';
import { graphql } from '../generated/index.js';
import { executeOk } from '../helpers/graphql.js';

/**
 * DATABASE_URL pointing at a separately run PostgreSQL (this machine's system server on 5432,
 * trust auth; override with SYSTEM_DATABASE_URL). Skipped where no such server answers.
 */
const adminUrl = process.env.SYSTEM_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const name = `studio_sysdb_${process.pid}`;
const reachable = await (async () => {
  const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
})();

const Me = graphql(`
  query SysDbMe {
    viewer {
      isDemo
      credits
    }
    presets {
      scenes {
        id
      }
    }
  }
`);

const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => {});
});

describe.skipIf(!reachable)('DATABASE_URL', () => {
  it('runs on an external PostgreSQL: migrations applied at start, demo user seeded', async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    cleanup.push(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    });
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const dataDir = await mkdtemp(path.join(tmpdir(), 'studio-sysdb-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const app = await startApp({ worker: true, env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' } });
    cleanup.push(() => app.stop());
    const me = await executeOk(app.yoga, Me, undefined, { token: app.devToken });
    expect(me.viewer).toEqual({ isDemo: true, credits: 100 });
    expect(me.presets.scenes).toHaveLength(8);
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_database WHERE datname = $1`, [name]);
    expect(rows[0].n).toBe(1);
  });
});
