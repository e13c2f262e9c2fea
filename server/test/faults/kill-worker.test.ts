import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_FILES } from '../../src/providers/comfy/index.js';
import { startLocalGpu, type LocalGpu } from '@content-studio/local-gpu';
import { GenerateDoc, JobDoc } from '../api/generation-documents.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { spawnServer, type ServerProcess } from '../helpers/processes.js';
import { influencerWithFace } from '../helpers/studio.js';
import { createUserWithToken } from '../helpers/users.js';
import { report } from './report.js';
import sharp from 'sharp';
import { graphql } from '../generated/index.js';
import { executeUpload } from '../helpers/upload.js';

let gpu: LocalGpu;
let app: TestApp;
let worker: ServerProcess | null = null;

beforeAll(async () => {
  // The GPU lives outside the worker processes, like RunPod: killing a worker does not kill GPU jobs.
  gpu = await startLocalGpu({ modelFiles: { ...DEFAULT_MODEL_FILES }, defaults: { workers: 10, stepMs: 60 } });
  app = await startTestApp({ worker: false, env: { RUNPOD_API_KEY: gpu.apiKey, RUNPOD_BASE_URL: gpu.url } });
});
afterAll(async () => {
  await worker?.stop();
  await app?.close();
  await gpu?.close();
});

function startWorker() {
  return spawnServer('worker', {
    DATABASE_URL: app.db.url,
    DATA_DIR: app.dataDir,
    PUBLIC_URL: app.url,
    RUNPOD_API_KEY: gpu.apiKey,
    RUNPOD_BASE_URL: gpu.url,
    SEED_DEMO_USER: 'false',
    WORKER_CONCURRENCY: '4',
    WORKER_HEARTBEAT_MS: '500',
    WORKER_DEAD_AFTER_MS: '3000',
    RECONCILE_INTERVAL_MS: '1000',
    RECONCILE_MIN_AGE_MS: '2000',
    GPU_RETRY_BACKOFF_MS: '100',
  });
}

async function progress(jobId: string) {
  const job = await app.services.db.generationJob.findUniqueOrThrow({ where: { id: jobId } });
  return job.completedCount + job.failedCount;
}

describe('fault: kill -9 the worker three times during a 10-image pack', () => {
  it('every image exists exactly once, credits = completed × price, nothing stays stuck; recovery is measured', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Crashy', 100);
    const influencerId = await influencerWithFace(app, token);
    worker = await startWorker();
    const r = await executeOk(app.yoga, GenerateDoc, { input: { influencerId, scene: 'beach_day', environment: 'beach', count: 10 } }, { token });
    if (r.generateImages.__typename !== 'GenerateImagesPayload') throw new Error('generate failed');
    const jobGlobalId = r.generateImages.job.id;
    const jobId = (await app.services.db.generationJob.findFirstOrThrow({ where: { user: { displayName: 'Crashy' } } })).id;

    const recoveries: number[] = [];
    const outputs: string[] = [];
    for (let kill = 0; kill < 3; kill++) {
      // Kill while the worker holds a job (mid-task): only the heartbeat can get that job back.
      const lockDeadline = Date.now() + 20_000;
      while (Date.now() < lockDeadline) {
        const { rows } = await app.db.pool.query(
          `SELECT count(*)::int AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
           WHERE j.locked_by IS NOT NULL AND t.identifier IN ('gpu_submit', 'gpu_settle')`,
        );
        if (rows[0].n > 0) break;
        await new Promise((res) => setTimeout(res, 2));
      }
      const before = await progress(jobId);
      outputs.push(worker.output());
      await worker.kill9();
      const killedAt = Date.now();
      worker = await startWorker();
      // Recovery: the pack makes progress again (or was already done).
      for (;;) {
        const now = await progress(jobId);
        if (now > before || now === 10) break;
        if (Date.now() - killedAt > 60_000) throw new Error(`no progress within 60 s after kill ${kill + 1}\n${worker.output()}`);
        await new Promise((res) => setTimeout(res, 100));
      }
      recoveries.push(Date.now() - killedAt);
    }
    const deadline = Date.now() + 90_000;
    while ((await progress(jobId)) < 10) {
      if (Date.now() > deadline) throw new Error(`pack did not finish\n${worker.output()}`);
      await new Promise((res) => setTimeout(res, 200));
    }

    // The pack ends after its images' identity scores (the background lane).
    let job = (await executeOk(app.yoga, JobDoc, { id: jobGlobalId }, { token })).generationJob!;
    while (job.status === 'RUNNING' && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 200));
      job = (await executeOk(app.yoga, JobDoc, { id: jobGlobalId }, { token })).generationJob!;
    }
    expect(job.status).toBe('COMPLETED');
    expect(job.progress).toMatchObject({ completed: 10, failed: 0, pending: 0 });
    const assets = await app.services.db.imageAsset.findMany({
      where: { kind: 'generated', hiddenReason: null, userId: (await app.services.db.user.findFirstOrThrow({ where: { displayName: 'Crashy' } })).id },
    });
    expect(assets).toHaveLength(10);
    expect(new Set(assets.map((a) => a.generationItemId)).size).toBe(10);
    expect(job.creditsCharged).toBe(10);
    expect((await app.services.db.creditLedgerEntry.aggregate({ where: { user: { displayName: 'Crashy' } }, _sum: { amount: true } }))._sum.amount).toBe(90);
    // Jobs the dead workers held are unlocked by the heartbeat and run (finding their work done).
    // graphile-worker parks a locked job that a newer job with the same key superseded at
    // attempts = max_attempts: it stays as a dead record, not as work. Pending or locked work must not.
    const finishedAt = Date.now();
    let stuck = -1;
    while (Date.now() - finishedAt < 60_000) {
      const { rows } = await app.db.pool.query(
        `SELECT count(*)::int AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
         WHERE t.identifier <> 'gpu_reconcile' AND (j.locked_by IS NOT NULL OR j.attempts < j.max_attempts)`,
      );
      stuck = rows[0].n;
      if (stuck === 0) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    const left = await app.db.pool.query(
      `SELECT t.identifier, j.locked_by, j.locked_at, j.attempts, j.max_attempts, j.last_error, j.run_at, j.key FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier <> 'gpu_reconcile'`,
    );
    expect(stuck, `jobs left in the queue: ${JSON.stringify(left.rows)}\n${worker.output().slice(-3000)}`).toBe(0);
    const unlocks = [...outputs, worker.output()].join('\n').match(/unlocked the jobs of \d+ dead worker/g)?.length ?? 0;
    await report('kill9_worker_x3', {
      images: 10,
      exactly_once: true,
      recovery_ms: recoveries,
      max_recovery_ms: Math.max(...recoveries),
      dead_worker_unlocks: unlocks,
      queue_empty_after_ms: Date.now() - finishedAt,
    });
  }, 240_000);
});

describe('fault: kill -9 the worker during an edit', () => {
  it('exactly one edited asset, charged once', async () => {
    const { token, user } = await createUserWithToken(app.services.db, 'EditCrash', 100);
    const influencerId = await influencerWithFace(app, token);
    worker ??= await startWorker();
    const r = await executeOk(app.yoga, GenerateDoc, { input: { influencerId, scene: 'beach_day', environment: 'beach', count: 1 } }, { token });
    if (r.generateImages.__typename !== 'GenerateImagesPayload') throw new Error('generate failed');
    const source = await waitFor(() => app.services.db.imageAsset.findFirst({ where: { userId: user.id, kind: 'generated' } }), 60_000);
    const mask = await sharp({ create: { width: source.width, height: source.height, channels: 3, background: '#000' } })
      .composite([{ input: { create: { width: 200, height: 200, channels: 3, background: '#fff' } }, left: 100, top: 300 }])
      .png()
      .toBuffer();
    const started = await executeUpload(
      app.yoga,
      EditDoc,
      { input: { assetId: Buffer.from(`ImageAsset:${source.id}`).toString('base64'), prompt: 'a straw hat', mask: null as unknown as File } },
      { 'input.mask': { bytes: mask, name: 'mask.png', type: 'image/png' } },
      token,
    );
    if (started.data?.editImage.__typename !== 'EditImagePayload') throw new Error(JSON.stringify(started));
    // Kill while the worker holds the edit's GPU task.
    const lockDeadline = Date.now() + 20_000;
    while (Date.now() < lockDeadline) {
      const { rows } = await app.db.pool.query(
        `SELECT count(*)::int AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
         WHERE j.locked_by IS NOT NULL AND t.identifier IN ('gpu_submit', 'gpu_settle')`,
      );
      if (rows[0].n > 0) break;
      await new Promise((res) => setTimeout(res, 2));
    }
    await worker.kill9();
    worker = await startWorker();
    const edit = await waitFor(async () => {
      const e = await app.services.db.editJob.findFirst({ where: { userId: user.id } });
      return e && ['completed', 'failed'].includes(e.status) ? e : null;
    }, 90_000);
    expect(edit.status).toBe('completed');
    expect(await app.services.db.imageAsset.count({ where: { userId: user.id, kind: 'edited' } })).toBe(1);
    const entries = await app.services.db.creditLedgerEntry.findMany({ where: { userId: user.id, editJobId: edit.id } });
    expect(entries.map((e) => [e.kind, e.amount])).toEqual([['reserve', -edit.creditsReserved]]);
    expect(edit.creditsCharged).toBe(edit.creditsReserved);
  }, 180_000);
});

async function waitFor<T>(read: () => Promise<T | null>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out\n${worker?.output().slice(-2000)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

const EditDoc = graphql(`
  mutation FaultEdit($input: EditImageInput!) {
    editImage(input: $input) {
      __typename
    }
  }
`);
