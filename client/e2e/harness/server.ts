import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { artifactsDir, repoRoot } from './paths';

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Settings that would point the server elsewhere (a real database, RunPod, Supabase) stay out. */
const FOREIGN = [
  'DATABASE_URL',
  'PUBLIC_URL',
  'RUNPOD_API_KEY',
  'RUNPOD_BASE_URL',
  'SUPABASE_URL',
  'SUPABASE_SERVICE_KEY',
  'SUPABASE_JWT_SECRET',
  'SUPABASE_JWKS_URL',
  'STUDIO_DEV_TOKEN',
  'WORKER_IN_PROCESS',
];

function inherited(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of FOREIGN) delete env[name];
  return env;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * The real studio server (API + worker + local GPU + embedded PostgreSQL) as one child process,
 * serving the built studio from client/dist. Restartable on the same DATA_DIR and port.
 */
export class StudioServer {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private output = '';
  private log: WriteStream;
  private starts = 0;

  private constructor(
    readonly name: string,
    readonly port: number,
    readonly env: Record<string, string>,
  ) {
    mkdirSync(artifactsDir, { recursive: true });
    this.log = createWriteStream(path.join(artifactsDir, `server-${name}.log`));
  }

  /** A server on a fresh temp DATA_DIR with free ports; images arrive one by one (1 GPU worker). */
  static async create(name: string, overrides: Record<string, string> = {}): Promise<StudioServer> {
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATA_DIR: await mkdtemp(path.join(tmpdir(), `studio-e2e-${name}-`)),
      EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      SEED_DEMO_USER: 'true',
      LOCAL_GPU_STEP_MS: '30',
      LOCAL_GPU_WORKERS: '1',
      STARTING_CREDITS: '500',
      RATE_LIMIT_GENERATIONS_PER_MIN: '1000',
      // No background character sheet and LoRA training (it would switch packs to HD mid-test).
      LORA_PIPELINE: 'off',
      // Quick recovery of GPU jobs lost in a restart (the defaults suit RunPod, not a test).
      RECONCILE_INTERVAL_MS: '500',
      RECONCILE_MIN_AGE_MS: '1500',
      GPU_RETRY_BACKOFF_MS: '200',
      ...overrides,
    };
    return new StudioServer(name, port, env);
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get dataDir() {
    return this.env.DATA_DIR!;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error('already running');
    this.starts++;
    this.log.write(`\n===== start #${this.starts} =====\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/start.ts'], {
      cwd: path.join(repoRoot, 'server'),
      env: { ...inherited(), ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    live.add(child);
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        live.delete(child);
        resolve();
      }),
    );
    const take = (d: Buffer) => {
      this.output += d.toString();
      this.log.write(d);
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    const since = this.output.length;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${this.output.slice(since)}`);
      if (Date.now() > deadline) throw new Error(`server did not become ready:\n${this.output.slice(since)}`);
      const printed = /GraphQL \+ GraphiQL/.test(this.output.slice(since));
      if (
        printed &&
        (await fetch(`${this.url}/healthz`).then(
          (r) => r.ok,
          () => false,
        ))
      )
        return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGTERM (a graceful stop, like a deploy) and wait for the process to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await this.exited;
      clearTimeout(timer);
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** The demo user's token, as the studio gets it. */
  async token(): Promise<string> {
    const body = (await (await fetch(`${this.url}/studio-session`)).json()) as { token: string | null };
    if (!body.token) throw new Error('no studio session');
    return body.token;
  }

  /** A GraphQL request as a script would make it. */
  async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.token()}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown };
    if (body.errors || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  /** A multipart (upload spec) request, e.g. setBaseImage. */
  async upload<T>(query: string, variables: Record<string, unknown>, filePath: string, file: { bytes: Buffer; name: string; type: string }): Promise<T> {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query, variables }));
    form.set('map', JSON.stringify({ 0: [`variables.${filePath}`] }));
    form.set('0', new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await this.token()}`, 'x-graphql-yoga-csrf': '1' },
      body: form,
    });
    const body = (await response.json()) as { data?: T; errors?: unknown };
    if (body.errors || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  serverOutput() {
    return this.output;
  }
}
