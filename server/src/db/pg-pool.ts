import pg from 'pg';

const PG_INTERNAL_CHAR = 18;
const PG_TEXT = 25;

/**
 * A pg.Client whose results report PostgreSQL's internal `"char"` type as text. Prisma's schema
 * engine reads `"char"` columns while introspecting and the pg driver adapter cannot map OID 18.
 */
class CharAsTextClient extends pg.Client {
  override query(...args: any[]): any {
    const last = args.length - 1;
    // pg.Pool#query calls with a callback; direct callers use the promise.
    if (typeof args[last] === 'function') {
      const callback = args[last];
      args[last] = (err: Error | null, res: pg.QueryResult) => callback(err, err ? res : reportCharAsText(res));
    }

    const result = (super.query as any)(...args);
    return result && typeof result.then === 'function' ? result.then(reportCharAsText) : result;
  }
}

function reportCharAsText(res: pg.QueryResult): pg.QueryResult {
  for (const field of res?.fields ?? []) {
    if (field.dataTypeID === PG_INTERNAL_CHAR) field.dataTypeID = PG_TEXT;
  }
  return res;
}

/** A pool for the schema engine (introspection-safe). */
export function schemaEnginePool(config: pg.PoolConfig): pg.Pool {
  return new pg.Pool({ ...config, max: 2, idleTimeoutMillis: 500, allowExitOnIdle: true, Client: CharAsTextClient });
}

/** Splits a connection string into discrete fields (so a `database` override wins). */
export function connectionFields(url: string): pg.PoolConfig {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname) || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || undefined,
    ssl: u.searchParams.get('sslmode') === 'require' ? { rejectUnauthorized: false } : undefined,
  };
}

/** Returns `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
