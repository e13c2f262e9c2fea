import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Runner } from 'graphile-worker';
import { attachGraphqlWs } from '../api/ws.js';
import { createGraphqlHandler, type GraphqlHandler } from '../api/yoga.js';
import { parseEnv, type Env } from '../config/env.js';
import { connectDatabase } from '../db/client.js';
import { resolveDatabase, type ResolvedDatabase } from '../db/resolve-database.js';
import { ensureDemoUser } from '../domain/auth/demo-user.js';
import { createJwtVerifier } from '../providers/auth/jwt.js';
import { installWorkerSchema } from '../tasks/worker-schema.js';
import { startWorker } from '../tasks/worker.js';
import { taskList } from '../tasks/index.js';
import { devTokenFor } from './dev-token.js';
import type { AppServices } from './services.js';

export interface AppOptions {
  /** Environment overrides on top of process.env (tests, benchmarks). */
  env?: Record<string, string | undefined>;
  /** Run the HTTP API (default true). */
  api?: boolean;
  /** Run the graphile-worker (default: WORKER_IN_PROCESS). */
  worker?: boolean;
  log?: (msg: string) => void;
}

export interface App {
  env: Env;
  services: AppServices;
  yoga: GraphqlHandler;
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:4000 (after start). */
  url: string;
  /** The demo user's API token in embedded mode. */
  devToken: string | null;
  stop(): Promise<void>;
}

/**
 * The composition root: database (embedded or DATABASE_URL) + migrations, services, the GraphQL
 * API over HTTP/SSE/WebSocket, and the worker. `stop()` releases everything in reverse order.
 */
export async function startApp(options: AppOptions = {}): Promise<App> {
  const env = parseEnv({ ...process.env, ...options.env });
  const log = options.log ?? (env.LOG_LEVEL === 'silent' ? () => {} : (m: string) => console.log(`[studio] ${m}`));
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e) => log(`stop: ${String(e)}`));
  };
  try {
    const resolved: ResolvedDatabase = await resolveDatabase(env, log);
    stops.push(resolved.stop);
    await installWorkerSchema(resolved.url);
    const database = connectDatabase(resolved.url);
    stops.push(database.close);
    const services: AppServices = {
      env,
      db: database.prisma,
      database,
      jwt: createJwtVerifier({ secret: env.SUPABASE_JWT_SECRET, jwksUrl: env.SUPABASE_JWKS_URL, issuer: env.SUPABASE_JWT_ISSUER }),
      log,
    };
    const seedDemo = env.SEED_DEMO_USER ?? !services.jwt;
    let devToken: string | null = null;
    if (seedDemo) {
      devToken = await devTokenFor(env);
      await ensureDemoUser(services.db, devToken, env.STARTING_CREDITS);
    }

    if (options.worker ?? env.WORKER_IN_PROCESS) {
      const runner: Runner = await startWorker({ pool: database.pool, concurrency: env.WORKER_CONCURRENCY, taskList: taskList(services), log });
      stops.push(() => runner.stop());
    }

    const yoga = createGraphqlHandler(services);
    let url = '';
    if (options.api ?? true) {
      const server: Server = createServer(yoga);
      const ws = attachGraphqlWs(server, yoga);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(env.PORT, '0.0.0.0', () => resolve());
      });
      const { port } = server.address() as AddressInfo;
      url = `http://127.0.0.1:${port}`;
      stops.push(async () => {
        await ws.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      });
    }
    return { env, services, yoga, url, devToken, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
