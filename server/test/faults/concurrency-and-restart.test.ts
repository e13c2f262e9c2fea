import { createServer } from 'node:net';
import { createClient } from 'graphql-ws';
import { print } from 'graphql';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_FILES } from '../../src/providers/comfy/index.js';
import { startLocalGpu, type LocalGpu } from '@content-studio/local-gpu';
import { GenerateDoc, ProgressDoc } from '../api/generation-documents.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { spawnServer, type ServerProcess } from '../helpers/processes.js';
import { influencerWithFace } from '../helpers/studio.js';
import { createUserWithToken } from '../helpers/users.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { report } from './report.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('fault: 50 concurrent generateImages with one idempotency key', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: true, env: { LOCAL_GPU_STEP_MS: '0', RATE_LIMIT_GENERATIONS_PER_MIN: '1000' } });
  });
  afterAll(() => app?.close());

  it('one job, one charge', async () => {
    const { user, token } = await createUserWithToken(app.services.db, 'Burst', 100);
    const influencerId = await influencerWithFace(app, token);
    const body = JSON.stringify({
      query: print(GenerateDoc),
      variables: { input: { influencerId, scene: 'professional_portrait', environment: 'studio', count: 5, idempotencyKey: 'burst-1' } },
    });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body }).then((r) => r.json()),
      ),
    );
    const jobIds = new Set(responses.map((r) => (r as { data: { generateImages: { job: { id: string } } } }).data.generateImages.job.id));
    expect(jobIds.size).toBe(1);
    expect(await app.services.db.generationJob.count({ where: { userId: user.id } })).toBe(1);
    expect(await app.services.db.creditLedgerEntry.count({ where: { userId: user.id, kind: 'reserve' } })).toBe(1);
    await report('idempotency_50_concurrent', { requests: 50, jobs: jobIds.size, reservations: 1 });
  });
});

describe('fault: the API restarts while a client is subscribed to a pack', () => {
  let gpu: LocalGpu;
  let db: TestDatabase;
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    await gpu?.close();
  });

  it('the client reconnects, gets a snapshot, ends with every image, and never applies an older sequence', async () => {
    gpu = await startLocalGpu({ modelFiles: { ...DEFAULT_MODEL_FILES }, defaults: { workers: 2, stepMs: 40 } });
    db = await createTestDatabase();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = {
      DATABASE_URL: db.url,
      PORT: String(port),
      DATA_DIR: await mkdtemp(path.join(tmpdir(), 'studio-restart-')),
      RUNPOD_API_KEY: gpu.apiKey,
      RUNPOD_BASE_URL: gpu.url,
      SEED_DEMO_USER: 'true',
      WORKER_HEARTBEAT_MS: '300',
      WORKER_DEAD_AFTER_MS: '2000',
      RECONCILE_INTERVAL_MS: '1000',
      RECONCILE_MIN_AGE_MS: '2000',
    };
    server = await spawnServer('start', env, url);
    const token = /dev API token \(demo user\): (\S+)/.exec(server.output())![1]!;
    const fake = { yoga: { fetch: (u: string, init: RequestInit) => fetch(u.replace('http://studio.test', url), init) } } as unknown as TestApp;
    const influencerId = await influencerWithFace(fake, token);
    const started = await executeOk(fake.yoga, GenerateDoc, { input: { influencerId, scene: 'beach_day', environment: 'beach', count: 10 } }, { token });
    if (started.generateImages.__typename !== 'GenerateImagesPayload') throw new Error('generate failed');
    const jobId = started.generateImages.job.id;

    // A client that re-subscribes after every disconnect and applies events by sequence only.
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${token}` },
      retryAttempts: 100,
      retryWait: async () => new Promise((r) => setTimeout(r, 300)),
      shouldRetry: () => true,
    });
    let applied = -1;
    let completed = 0;
    const appliedSequences: number[] = [];
    let snapshots = 0;
    let done = false;
    let reconnects = 0;
    client.on('connected', () => reconnects++);
    const finished = (async () => {
      while (!done) {
        try {
          for await (const r of client.iterate({ query: print(ProgressDoc), variables: { jobId } })) {
            const e = (r.data as { generationProgress: { __typename: string; sequence: number; job: { status: string; progress: { completed: number } } } }).generationProgress;
            if (e.__typename === 'GenerationSnapshot') snapshots++;
            if (e.sequence <= applied) continue;
            applied = e.sequence;
            appliedSequences.push(e.sequence);
            completed = e.job.progress.completed;
            if (e.__typename === 'JobCompleted' || e.__typename === 'JobFailed') {
              done = true;
              break;
            }
          }
        } catch {
          await new Promise((r) => setTimeout(r, 300));
        }
      }
    })();

    // Let a few images land, then kill the API (and its worker) and start it again.
    const t0 = Date.now();
    while (completed < 2 && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
    await server.kill9();
    const killedAt = Date.now();
    server = await spawnServer('start', env, url);
    await Promise.race([finished, new Promise((_, rej) => setTimeout(() => rej(new Error(`pack not finished\n${server!.output()}`)), 120_000))]);
    await client.dispose();

    expect(done).toBe(true);
    expect(completed).toBe(10);
    expect(reconnects).toBeGreaterThanOrEqual(2);
    expect(snapshots).toBeGreaterThanOrEqual(2);
    expect([...appliedSequences].sort((a, b) => a - b)).toEqual(appliedSequences);
    const row = await db.prisma.generationJob.findFirstOrThrow();
    expect(row).toMatchObject({ status: 'completed', completedCount: 10, creditsCharged: 10 });
    expect(await db.prisma.imageAsset.count({ where: { kind: 'generated', hiddenReason: null } })).toBe(10);
    await report('api_restart_during_subscription', { images: 10, reconnects, snapshots, downtime_to_done_ms: Date.now() - killedAt, in_order: true });
  }, 180_000);
});
