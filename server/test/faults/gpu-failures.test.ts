import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerateDoc } from '../api/generation-documents.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { influencerWithFace } from '../helpers/studio.js';
import { createUserWithToken } from '../helpers/users.js';
import { report } from './report.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    worker: true,
    env: {
      STARTING_CREDITS: '1000',
      LOCAL_GPU_WORKERS: '20',
      LOCAL_GPU_STEP_MS: '0',
      WORKER_CONCURRENCY: '8',
      GPU_RETRY_BACKOFF_MS: '20',
      GPU_EXECUTION_TIMEOUT_MS: '1500',
      RECONCILE_INTERVAL_MS: '500',
      RECONCILE_MIN_AGE_MS: '1000',
      RATE_LIMIT_GENERATIONS_PER_MIN: '1000',
    },
  });
});
afterAll(() => app?.close());

async function waitSettled(userId: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await app.services.db.generationJob.count({ where: { userId, status: { in: ['queued', 'running'] } } });
    if (open === 0) return;
    if (Date.now() > deadline) throw new Error('packs did not finish');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function pack(token: string, influencerId: string, count: number) {
  const r = await executeOk(app.yoga, GenerateDoc, { input: { influencerId, scene: 'fitness_motivation', environment: 'urban_street', count } }, { token });
  if (r.generateImages.__typename !== 'GenerateImagesPayload') throw new Error(JSON.stringify(r.generateImages));
}

describe('fault: GPU failures', () => {
  it('a seeded 20 % transient-failure rate over 200 images: each image completes exactly once or fails cleanly after 3 attempts and is refunded', async () => {
    const { user, token } = await createUserWithToken(app.services.db, 'Flaky200', 1000);
    const influencerId = await influencerWithFace(app, token);
    app.localGpu!.configure('image', { transientFailureRate: 0.2, rngSeed: 20261124 });
    try {
      for (let i = 0; i < 20; i++) await pack(token, influencerId, 10);
      await waitSettled(user.id);
    } finally {
      app.localGpu!.configure('image', { transientFailureRate: 0 });
    }
    const items = (await app.services.db.generationItem.findMany({ where: { job: { userId: user.id } }, include: { asset: true, gpuJob: true } })).map((i) => ({
      ...i,
      attempts: i.gpuJob!.attempts,
    }));
    expect(items).toHaveLength(200);
    const completed = items.filter((i) => i.status === 'completed');
    const failed = items.filter((i) => i.status === 'failed');
    expect(completed.length + failed.length).toBe(200);
    // The asset id is the item's — or, for an image re-rendered because its face drifted, its attempt's.
    for (const i of completed) expect(i.asset?.id).toBe(i.identityRetries === 0 ? i.id : i.gpuJob!.currentAttemptId);
    for (const i of failed) expect(i.attempts).toBe(3);
    expect(await app.services.db.imageAsset.count({ where: { userId: user.id, kind: 'generated', hiddenReason: null } })).toBe(completed.length);
    const attempts = items.reduce((n, i) => n + i.attempts, 0);
    const jobs = await app.services.db.generationJob.findMany({ where: { userId: user.id } });
    expect(jobs.reduce((n, j) => n + j.creditsCharged, 0)).toBe(completed.length);
    expect(jobs.reduce((n, j) => n + j.creditsRefunded, 0)).toBe(failed.length);
    const balance = (await app.services.db.creditLedgerEntry.aggregate({ where: { userId: user.id }, _sum: { amount: true } }))._sum.amount;
    expect(balance).toBe(1000 - completed.length);
    // 3 attempts at 20 % each: 1 − 0.2³ = 99.2 % expected; a broken retry would give ~80 %.
    const successRate = completed.length / 200;
    expect(successRate).toBeGreaterThan(0.95);
    await report('transient_20pct_200_images', {
      images: 200,
      completed: completed.length,
      failed: failed.length,
      success_rate: successRate,
      gpu_attempts: attempts,
      observed_failure_rate: (attempts - 200 + failed.length) / attempts,
    });
  });

  it('permanent errors fail fast (one attempt) and are refunded', async () => {
    const { user, token } = await createUserWithToken(app.services.db, 'Permanent', 100);
    const influencerId = await influencerWithFace(app, token);
    app.localGpu!.configure('image', { failures: [{ kind: 'permanent' }] });
    try {
      await pack(token, influencerId, 5);
      await waitSettled(user.id);
    } finally {
      app.localGpu!.configure('image', { failures: [] });
    }
    const items = await app.services.db.generationItem.findMany({ where: { job: { userId: user.id } }, include: { gpuJob: true } });
    expect(items.map((i) => [i.status, i.gpuJob!.attempts, i.errorKind])).toEqual(Array(5).fill(['failed', 1, 'permanent']));
    const job = await app.services.db.generationJob.findFirstOrThrow({ where: { userId: user.id } });
    expect(job).toMatchObject({ status: 'failed', creditsCharged: 0, creditsRefunded: 5 });
    await report('permanent_errors', { images: 5, attempts_each: 1, refunded: job.creditsRefunded });
  });

  it('a GPU job that hangs past its execution timeout is failed (after its retries), not waited on forever', async () => {
    const { user, token } = await createUserWithToken(app.services.db, 'Hang', 100);
    const influencerId = await influencerWithFace(app, token);
    app.localGpu!.configure('image', { failures: [{ kind: 'hang' }] });
    const t0 = Date.now();
    try {
      await pack(token, influencerId, 1);
      await waitSettled(user.id, 60_000);
    } finally {
      app.localGpu!.configure('image', { failures: [] });
    }
    const found = await app.services.db.generationItem.findFirstOrThrow({ where: { job: { userId: user.id } }, include: { gpuJob: true } });
    const item = { ...found, attempts: found.gpuJob!.attempts };
    expect(item).toMatchObject({ status: 'failed', attempts: 3 });
    expect(item.error).toMatch(/time/i);
    await report('hang_past_timeout', { execution_timeout_ms: 1500, attempts: item.attempts, settled_after_ms: Date.now() - t0, error: item.error });
  });
});
