import { startApp, type AppOptions } from './app.js';

/** Starts a composition (all-in-one by default) and stops it cleanly on SIGINT/SIGTERM. */
export async function main(options: AppOptions = {}) {
  const app = await startApp(options);
  if (app.url) {
    const port = new URL(app.url).port;
    console.log(`[studio] GraphQL + GraphiQL: http://localhost:${port}/graphql`);
    if (app.devToken) console.log(`[studio] dev API token (demo user): ${app.devToken}`);
  } else {
    console.log(`[studio] worker running (concurrency ${app.env.WORKER_CONCURRENCY})`);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[studio] ${signal}: stopping`);
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  return app;
}

/** Runs `main` as a process entry point: a start-up failure exits non-zero. */
export function runMain(options: AppOptions = {}) {
  main(options).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
