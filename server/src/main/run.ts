import { networkInterfaces } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { studioBuilt } from '../api/studio.js';
import { OperatorError } from '../config/operator-error.js';
import { startApp, type App, type AppOptions } from './app.js';

/** Starts a composition (all-in-one by default) and stops it cleanly on SIGINT/SIGTERM. */
export async function main(options: AppOptions = {}) {
  const app = await startApp(options);
  applyHeapGrowth(app.env.HEAP_GROWTH_PERCENT);
  if (app.url) await printUrls(app);
  else console.log(`[studio] worker running (concurrency ${app.env.WORKER_CONCURRENCY})`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // GPU jobs still rendering are not waited for: their attempts stay recorded and the
    // reconcile of the next start settles or resubmits them.
    console.log(`[studio] ${signal}: stopping`);
    await app.stop();
    console.log('[studio] stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  return app;
}

/** The addresses to open: the studio (when built) and GraphiQL, on this machine and on the LAN. */
async function printUrls(app: App) {
  const env = app.env;
  const port = new URL(app.url).port;
  const base = env.PUBLIC_URL?.replace(/\/+$/, '') ?? `http://localhost:${port}`;
  if (await studioBuilt()) console.log(`[studio] Studio: ${base}/`);
  else console.log('[studio] Studio: not built (pnpm --filter @content-studio/client build, or pnpm start builds it)');
  console.log(`[studio] GraphQL + GraphiQL: ${base}/graphql`);
  if (!env.PUBLIC_URL && ['0.0.0.0', '::'].includes(env.HOST)) {
    const lan = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => `http://${i!.address}:${port}/`);
    if (lan.length) console.log(`[studio] from other machines: ${lan.join(', ')}`);
  }
  if (app.devToken) console.log(`[studio] dev API token (demo user): ${app.devToken}`);
}

/**
 * HEAP_GROWTH_PERCENT: how far V8 lets the heap grow past what its last full collection kept.
 * V8's own growth (×1.1 to ×4, by its measured GC speed) let this server's heap float at about
 * twice its live data: with 1 000 subscribers connected, ~170 MB of heap pages for ~80 MB of
 * live objects (RSS ~310–345 MB). The default 20 (×1.2) measured 273–288 MB; its more frequent
 * full collections cost image work ~10 % (edits, throughput). V8 reads the flag at every
 * collection, so setting it once the app has started covers everything it serves.
 */
function applyHeapGrowth(percent: number) {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/** Runs `main` as a process entry point: a start-up failure exits non-zero (one line for an operator's error). */
export function runMain(options: AppOptions = {}) {
  main(options).catch((e) => {
    if (e instanceof OperatorError) console.error(`[studio] ${e.message}`);
    else console.error(e);
    process.exit(1);
  });
}
