import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import pg from 'pg';
import { portrait } from '@content-studio/local-gpu/portraits';

const serverDir = path.resolve(import.meta.dirname, '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** `BENCH_CPU_PROF=<dir>` writes a V8 CPU profile of every process the bench starts (server, local GPU) into dir. */
function spawnNode(file: string, env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; output: () => string }> {
  const args = [
    ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : []),
    ...(file.endsWith('.ts') ? ['--import', 'tsx', file] : ['--enable-source-maps', file]),
  ];
  const child = spawn(process.execPath, args, { cwd: serverDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (ready.test(out)) {
        clearInterval(timer);
        resolve({ child, output: () => out });
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`${file} exited:\n${out}`));
      }
    }, 50);
  });
}

export interface Stack {
  url: string;
  /** The server's DATA_DIR (local storage holds the stored originals). */
  dataDir: string;
  /** Worker concurrency the server runs with. */
  workerConcurrency: number;
  gpuUrl: string;
  gpuKey: string;
  token: string;
  db: pg.Pool;
  serverPid: number;
  serverOutput: () => string;
  /** Reconfigures the GPU endpoint at run time (latency, workers, failures). */
  gpuConfig(patch: Record<string, unknown>, endpoint?: string): Promise<void>;
  gql<T>(document: TypedDocumentNode<T, Record<string, unknown>> | string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The real stack for benchmarks: embedded PostgreSQL + API + worker in one server process (as
 * `pnpm start` runs it), and the local GPU in a second process, like RunPod is remote.
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'studio-bench-'));
  const [port, pgPort, gpuPort] = [await freePort(), await freePort(), await freePort()];
  const gpuKey = 'bench-gpu-key';
  const gpu = await spawnNode(path.join(serverDir, 'bench/gpu-server.ts'), { PORT: String(gpuPort), API_KEY: gpuKey, WORKERS: '10' }, /GPU http/);
  const gpuUrl = `http://127.0.0.1:${gpuPort}/v2`;
  // The production build, as `pnpm start` runs it.
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, ['--import', 'tsx', path.join(serverDir, 'scripts/build.ts')], { cwd: serverDir, stdio: 'ignore' }).once('exit', (c) =>
      c === 0 ? resolve() : reject(new Error('build failed')),
    ),
  );
  const server = await spawnNode(
    path.join(serverDir, 'dist/start.js'),
    {
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      RUNPOD_API_KEY: gpuKey,
      RUNPOD_BASE_URL: gpuUrl,
      LOG_LEVEL: 'warn',
      STARTING_CREDITS: '100000000',
      RATE_LIMIT_GENERATIONS_PER_MIN: '100000',
      WORKER_CONCURRENCY: '8',
      // As `pnpm start` runs it: fewer glibc malloc arenas keep sharp/libvips' RSS down.
      MALLOC_ARENA_MAX: '2',
      // The pack benchmarks measure packs: no background sheet and training per base image.
      LORA_PIPELINE: 'off',
      ...env,
    },
    /dev API token/,
  );
  if (process.env.BENCH_ECHO)
    server.child.stdout!.on('data', (d) =>
      process.stdout.write(
        String(d)
          .split('\n')
          .filter((l) => l.includes('[diag]'))
          .map((l) => l + '\n')
          .join(''),
      ),
    );
  const token = /dev API token \(demo user\): (\S+)/.exec(server.output())![1]!;
  const url = `http://127.0.0.1:${port}`;
  const db = new pg.Pool({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${pgPort}/postgres`, max: 4 });
  db.on('error', () => {});
  const stack: Stack = {
    url,
    dataDir,
    workerConcurrency: Number(env.WORKER_CONCURRENCY ?? 8),
    gpuUrl,
    gpuKey,
    token,
    db,
    serverPid: server.child.pid!,
    serverOutput: server.output,
    async gpuConfig(patch, endpoint = 'image') {
      const res = await fetch(`http://127.0.0.1:${gpuPort}/_local/config/${endpoint}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gpuKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(patch),
      });
      if (!res.ok) throw new Error(`gpu config: ${res.status} ${await res.text()}`);
    },
    async gql(document, variables = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
      });
      const body = (await res.json()) as { data?: never; errors?: unknown[] };
      if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors));
      return body.data;
    },
    async close() {
      await db.end();
      for (const p of [server.child, gpu.child]) {
        p.kill('SIGTERM');
        await new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)));
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Creates an influencer with a sample photo as its base face through the API; returns its global id. */
export async function createInfluencer(stack: Stack): Promise<string> {
  const id = await createBareInfluencer(stack);
  await setBaseImage(stack, id);
  return id;
}

/** Creates an influencer without a base image through the API; returns its global id. */
export async function createBareInfluencer(stack: Stack): Promise<string> {
  const created = await stack.gql<{ createInfluencer: { influencer: { id: string } } }>(
    `mutation($input: CreateInfluencerInput!) { createInfluencer(input: $input) { ... on CreateInfluencerPayload { influencer { id } } } }`,
    {
      input: {
        name: 'Bench',
        gender: 'FEMALE',
        age: 27,
        ethnicity: 'Mediterranean',
        hairColor: 'brown',
        hairStyle: 'long',
        eyeColor: 'hazel',
        bodyType: 'athletic',
        defaultOutfit: 'white_tee_jeans',
      },
    },
  );
  return created.createInfluencer.influencer.id;
}

/** Sets a real photograph (base images must show one face) as the influencer's base image. */
export async function setBaseImage(stack: Stack, id: string, face?: Buffer): Promise<void> {
  face ??= await portrait(0);
  const form = new FormData();
  form.set(
    'operations',
    JSON.stringify({ query: `mutation($input: SetBaseImageInput!) { setBaseImage(input: $input) { __typename } }`, variables: { input: { influencerId: id, image: null } } }),
  );
  form.set('map', JSON.stringify({ 0: ['variables.input.image'] }));
  form.set('0', new File([new Uint8Array(face)], 'face.png', { type: 'image/png' }));
  const res = await fetch(`${stack.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${stack.token}`, 'x-graphql-yoga-csrf': '1' }, body: form });
  if (!(await res.text()).includes('SetBaseImagePayload')) throw new Error('base image upload failed');
}

export const GENERATE = `mutation($input: GenerateImagesInput!) { generateImages(input: $input) { __typename ... on GenerateImagesPayload { job { id } } ... on Error { message } } }`;

export async function generate(stack: Stack, input: Record<string, unknown>): Promise<string> {
  const data = await stack.gql<{ generateImages: { job?: { id: string }; message?: string } }>(GENERATE, { input });
  if (!data.generateImages.job) throw new Error(data.generateImages.message);
  return data.generateImages.job.id;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Waits until no asset of the influencer (a raw id) is still waiting for its identity score. */
export async function scoresSettled(stack: Stack, influencerId: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const { rows } = await stack.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ImageAsset" WHERE "influencerId" = $1 AND "identityStatus" = 'pending'`, [influencerId]);
    if (rows[0]!.n === 0) return;
    if (performance.now() > deadline) throw new Error(`${rows[0]!.n} identity scores still pending after a minute`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
