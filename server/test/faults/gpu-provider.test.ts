import { createServer } from 'node:net';
import { startLocalGpu, type LocalGpu } from '@content-studio/local-gpu';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_FILES } from '../../src/providers/comfy/index.js';
import { RetryDoc } from '../api/generation-documents.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { followPack, startPack } from '../helpers/packs.js';
import { influencerWithFace } from '../helpers/studio.js';
import { createUserWithToken } from '../helpers/users.js';
import { report } from './report.js';

// The GPU provider misbehaving as a new user or an operator meets it: a wrong key, RunPod out of
// reach, a /run that answers after the client gave up. The app talks to a local GPU of its own
// over HTTP with the production RunPod client (RUNPOD_API_KEY set), exactly as it talks to RunPod.

let app: TestApp | undefined;
let gpu: LocalGpu | undefined;
afterEach(async () => {
  await app?.close();
  await gpu?.close();
  app = gpu = undefined;
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const startGpu = (port = 0, stepMs = 0) =>
  startLocalGpu({ port, apiKey: 'the-real-key', modelFiles: structuredClone(DEFAULT_MODEL_FILES) as Record<string, string[]>, defaults: { workers: 4, stepMs, coldStartMs: 0 } });

const startAppOn = (baseUrl: string, env: Record<string, string> = {}) =>
  startTestApp({
    worker: true,
    env: {
      RUNPOD_API_KEY: 'the-real-key',
      RUNPOD_BASE_URL: baseUrl,
      GPU_RETRY_BACKOFF_MS: '50',
      RECONCILE_INTERVAL_MS: '500',
      RECONCILE_MIN_AGE_MS: '1000',
      RUNPOD_MAX_RETRIES: '1',
      ...env,
    },
  });

async function gpuRows(userId: string) {
  return app!.services.db.gpuJob.findMany({ where: { userId }, include: { tries: true, generationItem: true } });
}

describe('fault: the GPU provider', () => {
  it('answers 401 to /run (wrong RUNPOD_API_KEY): every image fails at once with what to fix, refunded; the pack ends FAILED; /healthz says so', async () => {
    gpu = await startGpu();
    app = await startAppOn(gpu.url, { RUNPOD_API_KEY: 'typo' });
    const { user, token } = await createUserWithToken(app.services.db, 'WrongKey', 100);
    const influencerId = await influencerWithFace(app, token);
    const t0 = Date.now();
    const started = await startPack(app, token, { influencerId, scene: 'fitness_motivation', environment: 'urban_street', count: 2 });
    const events = await followPack(app, token, started.job.id);
    const settledMs = Date.now() - t0;

    const failed = events.filter((e) => e.data?.generationProgress.__typename === 'ImageFailed');
    expect(failed).toHaveLength(2);
    for (const e of failed) {
      const image = (e.data!.generationProgress as { image: { error: string; status: string } }).image;
      expect(image).toMatchObject({ status: 'FAILED', error: 'The GPU provider rejected the API key — check RUNPOD_API_KEY.' });
    }
    expect(events.at(-1)?.data?.generationProgress).toMatchObject({ __typename: 'JobFailed', job: { status: 'FAILED' } });
    expect(settledMs).toBeLessThan(60_000);
    const job = await app.services.db.generationJob.findFirstOrThrow({ where: { userId: user.id } });
    expect(job).toMatchObject({ status: 'failed', creditsCharged: 0, creditsRefunded: 2 });
    const balance = (await app.services.db.creditLedgerEntry.aggregate({ where: { userId: user.id }, _sum: { amount: true } }))._sum.amount;
    expect(balance).toBe(100);
    // A configuration error is not retried: one attempt each.
    for (const row of await gpuRows(user.id)) expect(row).toMatchObject({ status: 'failed', attempts: 1, errorClass: 'config' });
    const health = await (await fetch(`${app.url}/healthz`)).json();
    expect(health.gpu.image).toBe('The GPU provider rejected the API key — check RUNPOD_API_KEY.');
    await report('runpod_401', { images: 2, settled_ms: settledMs, attempts_each: 1 });
  });

  it('is unreachable for longer than the retry budget: images fail "could not reach", refunded; once it is back, retryFailedImages completes them', async () => {
    const port = await freePort();
    app = await startAppOn(`http://127.0.0.1:${port}/v2`, { GPU_MAX_ATTEMPTS: '3' });
    const { user, token } = await createUserWithToken(app.services.db, 'Offline', 100);
    const influencerId = await influencerWithFace(app, token);
    const started = await startPack(app, token, { influencerId, scene: 'fitness_motivation', environment: 'urban_street', count: 2 });
    const events = await followPack(app, token, started.job.id);
    expect(events.at(-1)?.data?.generationProgress).toMatchObject({ __typename: 'JobFailed', job: { status: 'FAILED' } });
    const rows = await gpuRows(user.id);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'failed', attempts: 3, errorClass: 'transient' });
      expect(row.error).toMatch(/^Could not reach the GPU provider \(ECONNREFUSED\)\. Gave up after 3 attempts\.$/);
      expect(row.generationItem).toMatchObject({ status: 'failed', error: row.error });
      expect(row.tries.map((t) => t.status)).toEqual(['rejected', 'rejected', 'rejected']);
    }
    expect(await app.services.db.generationJob.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({ creditsRefunded: 2, creditsCharged: 0 });

    gpu = await startGpu(port);
    const retried = await executeOk(app.yoga, RetryDoc, { input: { jobId: started.job.id } }, { token });
    expect(retried.retryFailedImages.__typename).toBe('RetryFailedImagesPayload');
    const after = await followPack(app, token, started.job.id);
    expect(after.at(-1)?.data?.generationProgress).toMatchObject({ __typename: 'JobCompleted', job: { status: 'COMPLETED', progress: { completed: 2 } } });
    expect(await app.services.db.imageAsset.count({ where: { userId: user.id, kind: 'generated' } })).toBe(2);
    const balance = (await app.services.db.creditLedgerEntry.aggregate({ where: { userId: user.id }, _sum: { amount: true } }))._sum.amount;
    expect(balance).toBe(100 - 2);
  });

  it('answers /run only after the client timed out: the job it accepted is adopted through its webhook — one GPU job per image, none unowned', async () => {
    gpu = await startGpu(0, 40);
    // The first /run of every image is answered 2.5 s late; the client gives up after 0.5 s.
    gpu.configure('image', { runResponseDelayMs: 2500, runResponseDelayTimes: 3 });
    app = await startAppOn(gpu.url, { RUNPOD_TIMEOUT_MS: '500', GPU_UNCONFIRMED_GRACE_MS: '8000' });
    const { user, token } = await createUserWithToken(app.services.db, 'SlowRun', 100);
    const influencerId = await influencerWithFace(app, token);
    const started = await startPack(app, token, { influencerId, scene: 'fitness_motivation', environment: 'urban_street', count: 3 });
    const events = await followPack(app, token, started.job.id);
    expect(events.at(-1)?.data?.generationProgress).toMatchObject({ __typename: 'JobCompleted', job: { status: 'COMPLETED', progress: { completed: 3 } } });

    const rows = await gpuRows(user.id);
    const known = new Set(rows.flatMap((r) => r.tries.map((t) => t.runpodJobId)));
    const onGpu = (await (await fetch(`${gpu.url.replace(/\/v2$/, '')}/_local/jobs/image`, { headers: { authorization: 'Bearer the-real-key' } })).json()).jobs as Array<{
      id: string;
      status: string;
    }>;
    expect(onGpu).toHaveLength(3); // no second submission of any image
    for (const j of onGpu) {
      expect(j.status).toBe('COMPLETED');
      expect(known.has(j.id)).toBe(true); // owned
    }
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'completed', attempts: 1 });
      expect(row.tries).toHaveLength(1);
      expect(row.tries[0]).toMatchObject({ status: 'settled', runpodJobId: row.runpodJobId });
    }
    expect(await app.services.db.imageAsset.count({ where: { userId: user.id, kind: 'generated' } })).toBe(3);
    await report('run_answer_after_client_timeout', { images: 3, gpu_jobs: onGpu.length, unowned: onGpu.filter((j) => !known.has(j.id)).length });
  });

  it('finishes before /run answers: the webhook adopts the job and publishes ImageStarted with a higher sequence, like a normal submit', async () => {
    gpu = await startGpu(0, 0);
    gpu.configure('image', { runResponseDelayMs: 1500 });
    app = await startAppOn(gpu.url, { RUNPOD_TIMEOUT_MS: '10000' });
    const { token } = await createUserWithToken(app.services.db, 'FastGpu', 100);
    const influencerId = await influencerWithFace(app, token);
    const started = await startPack(app, token, { influencerId, scene: 'fitness_motivation', environment: 'urban_street', count: 2 });
    const events = await followPack(app, token, started.job.id);
    const kinds = events.map((e) => [e.data!.generationProgress.__typename, e.data!.generationProgress.sequence] as const);
    const sequences = kinds.map(([, s]) => s);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    const startedEvents = events.filter((e) => e.data?.generationProgress.__typename === 'ImageStarted');
    expect(startedEvents).toHaveLength(2);
    expect(startedEvents.every((e) => e.data!.generationProgress.sequence > events[0]!.data!.generationProgress.sequence)).toBe(true);
    // Each image's ImageStarted comes before its ImageCompleted.
    for (const index of [0, 1]) {
      const at = (type: string) =>
        events.findIndex((e) => e.data?.generationProgress.__typename === type && (e.data.generationProgress as { image?: { index: number } }).image?.index === index);
      expect(at('ImageStarted')).toBeGreaterThan(-1);
      expect(at('ImageStarted')).toBeLessThan(at('ImageCompleted'));
    }
    // The GPU was done long before /run answered: the webhook, not /run's answer, did the adoption.
    const attempts = await app.services.db.gpuJobAttempt.findMany({ where: { gpuJob: { userId: (await app.services.db.generationJob.findFirstOrThrow({})).userId } } });
    expect(attempts).toHaveLength(2);
    for (const a of attempts) {
      expect(a.status).toBe('settled');
      expect(a.submittedAt!.getTime() - a.createdAt.getTime()).toBeLessThan(1400);
    }
  });
});
