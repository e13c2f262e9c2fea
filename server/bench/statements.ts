import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp } from '../src/main/app.js';

/**
 * SQL statements one gallery page costs, counted at the pool the API's Prisma client uses (an
 * in-process API on the same database), for page sizes 10 and 50: they must be equal.
 */
export async function galleryStatements(databaseUrl: string, token: string, influencerId: string) {
  const app = await startApp({
    api: false,
    worker: false,
    env: {
      DATABASE_URL: databaseUrl,
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATA_DIR: await mkdtemp(path.join(tmpdir(), 'studio-stmts-')),
      SEED_DEMO_USER: 'false',
      RUNPOD_API_KEY: 'unused',
    },
  });
  const pool = app.services.database.pool;
  let count = 0;
  const original = pool.query.bind(pool);
  pool.query = ((...args: Parameters<typeof original>) => {
    count++;
    return original(...args);
  }) as typeof pool.query;
  const run = async (first: number) => {
    const before = count;
    const res = await app.yoga.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `query($f: AssetFilter, $first: Int) { assets(filter: $f, first: $first) { edges { node { id url thumbnailUrl source { id thumbnailUrl } derived { id } } } pageInfo { hasNextPage } } }`,
        variables: { f: { influencerId }, first },
      }),
    });
    await res.json();
    return count - before;
  };
  await run(10); // warm-up (token lookup caches nothing, but connections open)
  const small = await run(10);
  const large = await run(50);
  await app.stop();
  return { page10: small, page50: large };
}
