import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachGraphqlWs } from '../api/ws.js';
import { createGraphqlHandler, type GraphqlHandler } from '../api/yoga.js';
import { parseEnv, type Env } from '../config/env.js';
import { isAddressInUse, portInUse } from '../config/operator-error.js';
import { connectDatabase } from '../db/client.js';
import { resolveDatabase } from '../db/resolve-database.js';
import { ensureDemoUser } from '../domain/auth/demo-user.js';
import { createJwtVerifier } from '../providers/auth/jwt.js';
import { createPgEventTarget } from '../providers/pubsub/pg-event-target.js';
import { taskList } from '../tasks/index.js';
import { scheduleReconcile } from '../tasks/gpu/reconcile.js';
import { installWorkerSchema } from '../queue/worker-schema.js';
import { startWorker } from '../queue/worker.js';
import { devTokenFor } from './dev-token.js';
import { migrateInChild } from './migrate-child.js';
import { checkGpuEndpoints, type GpuHealth } from './gpu-check.js';
import type { LocalGpu } from '@content-studio/local-gpu';
import { createGpu, createStorage } from './providers.js';
import type { AppServices } from '../services/app-services.js';
import { createLocalFaceAnalyzer } from '../providers/faces/index.js';

const isLoopbackHost = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');

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
  /** The local GPU when it runs in this process (embedded default, tests); null with RunPod. */
  localGpu: LocalGpu | null;
  yoga: GraphqlHandler;
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:4000 (empty without the API). */
  url: string;
  /** The demo user's API token in embedded mode. */
  devToken: string | null;
  stop(): Promise<void>;
}

/**
 * The composition root: database (embedded or DATABASE_URL) + migrations, storage, GPU, event
 * bus, the GraphQL API over HTTP/SSE/WebSocket, and the worker. `stop()` releases everything in
 * reverse order.
 */
export async function startApp(options: AppOptions = {}): Promise<App> {
  const env = parseEnv({ ...process.env, ...options.env });
  const log = options.log ?? (env.LOG_LEVEL === 'silent' ? () => {} : (m: string) => console.log(`[studio] ${m}`));
  const runApi = options.api ?? true;
  const runWorker = options.worker ?? env.WORKER_IN_PROCESS;
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch((e) => log(`stop: ${String(e)}`));
  };
  try {
    const resolved = await resolveDatabase(env, log, migrateInChild);
    stops.push(resolved.stop);
    await installWorkerSchema(resolved.url);
    const database = connectDatabase(resolved.url);
    stops.push(database.close);

    // Listen first: the webhook URL needs the real port.
    let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
    const server = createServer((req, res) => handler(req, res));
    // Without PUBLIC_URL, webhooks come back over loopback (the local GPU) or to the one interface listened on.
    const selfHost = ['0.0.0.0', '::'].includes(env.HOST) || isLoopbackHost(env.HOST) ? '127.0.0.1' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
    let publicUrl = env.PUBLIC_URL ?? `http://${selfHost}:${env.PORT}`;
    if (runApi) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e) => reject(isAddressInUse(e) ? portInUse('PORT', env.PORT, e) : e));
        server.listen(env.PORT, env.HOST, () => resolve());
      });
      stops.push(async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      });
      publicUrl = env.PUBLIC_URL ?? `http://${selfHost}:${(server.address() as AddressInfo).port}`;
      if (!env.PUBLIC_URL && !isLoopbackHost(env.HOST)) {
        log(
          `warning: PUBLIC_URL is unset and the server listens on ${env.HOST}: the studio works from any host (asset URLs are relative), but RunPod webhooks and links outside the studio point at ${publicUrl}; set PUBLIC_URL to the address others reach this server at.`,
        );
      }
    }
    publicUrl = publicUrl.replace(/\/+$/, '');

    // Asset URLs: PUBLIC_URL when set, else root-relative, so they work from whatever host the studio was opened on.
    const { storage, files } = await createStorage(env, env.PUBLIC_URL?.replace(/\/+$/, '') ?? '');
    const { gpu, localGpu } = await createGpu(env, log);
    let gpuHealth: GpuHealth = {};
    void checkGpuEndpoints(env, gpu, log).then((h) => (gpuHealth = h));
    if (localGpu) stops.push(() => localGpu.close());
    const faces = env.IDENTITY_SCORING === 'on' ? createLocalFaceAnalyzer({ processes: env.FACE_PROCESSES }) : null;
    if (faces) stops.push(() => faces.close());
    const events = createPgEventTarget(resolved.url, log);
    stops.push(() => events.close());
    await events.ready;

    const services: AppServices = {
      env,
      db: database.prisma,
      database,
      jwt: createJwtVerifier({ secret: env.SUPABASE_JWT_SECRET, jwksUrl: env.SUPABASE_JWKS_URL, issuer: env.SUPABASE_JWT_ISSUER }),
      storage,
      files,
      gpu,
      faces,
      events,
      publicUrl: () => publicUrl,
      gpuHealth: () => gpuHealth,
      devToken: () => devToken,
      log,
    };
    let devToken: string | null = null;
    if (env.SEED_DEMO_USER ?? !services.jwt) {
      devToken = await devTokenFor(env);
      await ensureDemoUser(services.db, devToken, env.STARTING_CREDITS);
    }

    const yoga = createGraphqlHandler(services);
    if (runApi) {
      handler = yoga;
      const ws = attachGraphqlWs(server, yoga);
      stops.push(() => ws.close());
    }
    if (runWorker) {
      const runner = await startWorker({
        pool: database.pool,
        concurrency: env.WORKER_CONCURRENCY,
        backgroundConcurrency: env.FACE_PROCESSES,
        taskList: taskList(services),
        log,
        heartbeatMs: env.WORKER_HEARTBEAT_MS,
        deadWorkerMs: env.WORKER_DEAD_AFTER_MS,
      });
      await database.prisma.$transaction((tx) => scheduleReconcile(tx, env.RECONCILE_INTERVAL_MS));
      stops.push(() => runner.stop());
    }
    return { env, services, localGpu, yoga, url: runApi ? publicUrl : '', devToken, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
