import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { execute, executeOk } from '../helpers/graphql.js';
import { influencerWithFace } from '../helpers/studio.js';
import { collect, collectSse, wsClient } from '../helpers/subscriptions.js';
import { createUserWithToken } from '../helpers/users.js';
import { isEnd, startPack } from '../helpers/packs.js';
import { CancelDoc, CreditsDoc, GenerateDoc, JobDoc, ProgressDoc, QuoteDoc, RetryDoc } from './generation-documents.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    worker: true,
    env: {
      STARTING_CREDITS: '1000',
      LOCAL_GPU_WORKERS: '10',
      LOCAL_GPU_STEP_MS: '5',
      WORKER_CONCURRENCY: '4',
      GPU_RETRY_BACKOFF_MS: '50',
      RECONCILE_INTERVAL_MS: '500',
      RECONCILE_MIN_AGE_MS: '2000',
      RATE_LIMIT_GENERATIONS_PER_MIN: '1000',
    },
  });
});
afterAll(() => app?.close());

describe('generation pipeline (real Postgres, worker and local GPU over HTTP)', () => {
  it('a pack of 10 streams a snapshot, 10 ImageCompleted in sequence order, then JobCompleted; images, thumbnails, metadata and credits are right', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Packer', 1000);
    const influencerId = await influencerWithFace(app, token);
    const quote = await executeOk(app.yoga, QuoteDoc, { input: { quality: 'HQ', count: 10, aspectRatio: 'PORTRAIT_2_3' } }, { token });
    expect(quote.creditQuote).toMatchObject({ pricePerImage: 3, total: 30, balance: 1000, affordable: true });

    const client = wsClient(app.url, token);
    const started = await startPack(app, token, {
      influencerId,
      scene: 'beach_day',
      environment: 'cafe',
      outfit: 'summer_dress',
      aspectRatio: 'PORTRAIT_2_3',
      quality: 'HQ',
      count: 10,
    });
    expect(started).toMatchObject({ created: true, creditsReserved: 30, mode: 'FACE_REF' });
    const events = await collect(client, ProgressDoc, { jobId: started.job.id }, isEnd);
    await client.dispose();

    const kinds = events.map((e) => e.data?.generationProgress.__typename);
    expect(kinds[0]).toBe('GenerationSnapshot');
    expect(kinds.at(-1)).toBe('JobCompleted');
    const sequences = events.map((e) => e.data!.generationProgress.sequence);
    expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
    expect(new Set(sequences).size).toBe(sequences.length);
    // Completions that landed before the snapshot are inside it; every other one arrives as an event.
    const completedEvents = events.filter((e) => e.data?.generationProgress.__typename === 'ImageCompleted');
    const snapshotDone = events[0]!.data!.generationProgress.job.progress.completed;
    expect(completedEvents.length + snapshotDone).toBe(10);

    const job = (await executeOk(app.yoga, JobDoc, { id: started.job.id }, { token })).generationJob!;
    expect(job).toMatchObject({ status: 'COMPLETED', creditsCharged: 30, creditsRefunded: 0, progress: { completed: 10, failed: 0, total: 10, pending: 0 } });
    expect(new Set(job.images.map((i) => i.seed)).size).toBe(10);
    for (const image of job.images) {
      const asset = image.asset!;
      expect(asset).toMatchObject({
        width: 832,
        height: 1248,
        scene: 'beach_day',
        environment: 'cafe',
        outfit: 'summer_dress',
        aspectRatio: 'PORTRAIT_2_3',
        quality: 'HQ',
        nsfw: false,
        mode: 'FACE_REF',
        engine: 'FLUX_DEV',
        seed: image.seed,
      });
      expect(asset.prompt).toContain('wearing a light floral summer dress, in a trendy cafe');
      const full = await sharp(Buffer.from(await (await fetch(new URL(asset.url, app.url))).arrayBuffer())).metadata();
      expect([full.width, full.height]).toEqual([832, 1248]);
      const thumb = await sharp(Buffer.from(await (await fetch(new URL(asset.thumbnailUrl, app.url))).arrayBuffer())).metadata();
      expect(thumb.width).toBe(300);
      expect(thumb.format).toBe('webp');
    }
    expect((await executeOk(app.yoga, CreditsDoc, undefined, { token })).viewer?.credits).toBe(970);
    const defaultOutfit = await app.services.db.influencer.findFirstOrThrow({ where: { user: { displayName: 'Packer' } } });
    expect(defaultOutfit.defaultOutfit).toBe('white_tee_jeans');
  });

  it('also streams over GraphQL-over-SSE', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Sse', 100);
    const influencerId = await influencerWithFace(app, token);
    const started = await startPack(app, token, { influencerId, scene: 'professional_portrait', environment: 'office', count: 1 });
    const events = await collectSse(app.url, token, ProgressDoc as never, { jobId: started.job.id }, (r) => isEnd(r as never));
    const kinds = events.map((e) => (e.data as { generationProgress: { __typename: string } }).generationProgress.__typename);
    expect(kinds[0]).toBe('GenerationSnapshot');
    expect(kinds.at(-1)).toBe('JobCompleted');
  });

  it('retries transient GPU failures: the pack still completes', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Flaky', 100);
    const influencerId = await influencerWithFace(app, token);
    app.localGpu!.configure('image', { failures: [{ kind: 'transient', times: 3 }] });
    const started = await startPack(app, token, { influencerId, scene: 'night_out', environment: 'urban_street', count: 5 });
    const client = wsClient(app.url, token);
    await collect(client, ProgressDoc, { jobId: started.job.id }, isEnd);
    await client.dispose();
    app.localGpu!.configure('image', { failures: [] });
    const job = (await executeOk(app.yoga, JobDoc, { id: started.job.id }, { token })).generationJob!;
    expect(job.status).toBe('COMPLETED');
    expect(job.images.reduce((n, i) => n + i.attempts, 0)).toBe(5 + 3);
    expect(job.creditsCharged).toBe(5);
  });

  it('fails a permanent GPU error fast, refunds it, and ends the pack partially successful', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Partial', 100);
    const influencerId = await influencerWithFace(app, token);
    app.localGpu!.configure('image', { failures: [{ kind: 'permanent', times: 1 }] });
    const started = await startPack(app, token, { influencerId, scene: 'cozy_home', environment: 'home_bedroom', count: 5 });
    const client = wsClient(app.url, token);
    const events = await collect(client, ProgressDoc, { jobId: started.job.id }, isEnd);
    await client.dispose();
    app.localGpu!.configure('image', { failures: [] });
    const failed = events.find((e) => e.data?.generationProgress.__typename === 'ImageFailed');
    expect(failed, 'an ImageFailed event').toBeTruthy();
    const job = (await executeOk(app.yoga, JobDoc, { id: started.job.id }, { token })).generationJob!;
    expect(job).toMatchObject({ status: 'PARTIAL', creditsCharged: 4, creditsRefunded: 1, progress: { completed: 4, failed: 1 } });
    const bad = job.images.find((i) => i.status === 'FAILED')!;
    expect(bad.attempts).toBe(1);
    expect(bad.error).toMatch(/\w{5,}/);
    expect((await executeOk(app.yoga, CreditsDoc, undefined, { token })).viewer?.credits).toBe(96);

    // Retrying the failed image reserves its price again and completes the pack.
    const retried = await executeOk(app.yoga, RetryDoc, { input: { jobId: started.job.id } }, { token });
    expect(retried.retryFailedImages.__typename).toBe('RetryFailedImagesPayload');
    const c2 = wsClient(app.url, token);
    await collect(c2, ProgressDoc, { jobId: started.job.id }, isEnd);
    await c2.dispose();
    const after = (await executeOk(app.yoga, JobDoc, { id: started.job.id }, { token })).generationJob!;
    expect(after).toMatchObject({ status: 'COMPLETED', creditsCharged: 5 });
    expect((await executeOk(app.yoga, CreditsDoc, undefined, { token })).viewer?.credits).toBe(95);
  });

  it('a missing model makes a workflow ComfyUI rejects; the error reaches the user in words and is refunded', async () => {
    const { token } = await createUserWithToken(app.services.db, 'BadModel', 100);
    const influencerId = await influencerWithFace(app, token);
    const original = app.services.env.FLUX_CHECKPOINT;
    app.services.env.FLUX_CHECKPOINT = 'not-installed-flux.safetensors';
    try {
      const started = await startPack(app, token, { influencerId, scene: 'professional_portrait', environment: 'studio', count: 1 });
      const client = wsClient(app.url, token);
      const events = await collect(client, ProgressDoc, { jobId: started.job.id }, isEnd);
      await client.dispose();
      expect(events.at(-1)?.data?.generationProgress.__typename).toBe('JobFailed');
      const job = (await executeOk(app.yoga, JobDoc, { id: started.job.id }, { token })).generationJob!;
      expect(job.images[0]).toMatchObject({ status: 'FAILED', attempts: 1 });
      expect(job.images[0]!.error).toContain('not-installed-flux.safetensors');
      expect(job.error).toContain('not-installed-flux.safetensors');
      expect((await executeOk(app.yoga, CreditsDoc, undefined, { token })).viewer?.credits).toBe(100);
    } finally {
      app.services.env.FLUX_CHECKPOINT = original;
    }
  });

  it('cancel stops unfinished images and refunds them', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Canceller', 100);
    const influencerId = await influencerWithFace(app, token);
    app.localGpu!.configure('image', { stepMs: 500, workers: 1 });
    try {
      const started = await startPack(app, token, { influencerId, scene: 'professional_portrait', environment: 'studio', count: 5 });
      const cancelled = await executeOk(app.yoga, CancelDoc, { input: { jobId: started.job.id } }, { token });
      expect(cancelled.cancelGeneration.__typename).toBe('CancelGenerationPayload');
      const job = (await executeOk(app.yoga, JobDoc, { id: started.job.id }, { token })).generationJob!;
      expect(job.progress.cancelled).toBe(5);
      expect(job.status).toBe('CANCELLED');
      expect(job.creditsRefunded).toBe(5);
      expect((await executeOk(app.yoga, CreditsDoc, undefined, { token })).viewer?.credits).toBe(100);
      const again = await executeOk(app.yoga, CancelDoc, { input: { jobId: started.job.id } }, { token });
      expect(again.cancelGeneration.__typename).toBe('Conflict');
    } finally {
      app.localGpu!.configure('image', { stepMs: 5, workers: 10 });
    }
  });

  it('cancel racing the GPU (submissions, completions) never errors and keeps the ledger exact', async () => {
    const { user, token } = await createUserWithToken(app.services.db, 'Racer', 1000);
    const influencerId = await influencerWithFace(app, token);
    for (let i = 0; i < 8; i++) {
      const started = await startPack(app, token, { influencerId, scene: 'professional_portrait', environment: 'studio', count: 10 });
      await new Promise((r) => setTimeout(r, i * 25)); // cancel at different moments of the pack
      const cancelled = await executeOk(app.yoga, CancelDoc, { input: { jobId: started.job.id } }, { token });
      expect(['CancelGenerationPayload', 'Conflict']).toContain(cancelled.cancelGeneration.__typename);
    }
    const deadline = Date.now() + 30_000;
    while ((await app.services.db.generationJob.count({ where: { userId: user.id, status: { in: ['queued', 'running'] } } })) > 0) {
      if (Date.now() > deadline) throw new Error('packs did not settle');
      await new Promise((r) => setTimeout(r, 100));
    }
    const jobs = await app.services.db.generationJob.findMany({ where: { userId: user.id } });
    for (const job of jobs) {
      expect(job.completedCount + job.failedCount + job.cancelledCount).toBe(job.imageCount);
      expect(job.creditsCharged).toBe(job.completedCount * job.pricePerImage);
      expect(job.creditsRefunded).toBe((job.failedCount + job.cancelledCount) * job.pricePerImage);
    }
    const assets = await app.services.db.imageAsset.count({ where: { userId: user.id, kind: 'generated' } });
    expect(assets).toBe(jobs.reduce((n, j) => n + j.completedCount, 0));
    const balance = (await app.services.db.creditLedgerEntry.aggregate({ where: { userId: user.id }, _sum: { amount: true } }))._sum.amount;
    expect(balance).toBe(1000 - jobs.reduce((n, j) => n + j.creditsCharged, 0));
  });

  it('the same idempotency key, even concurrently, gives one job and one charge', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Idem', 100);
    const influencerId = await influencerWithFace(app, token);
    const input = { influencerId, scene: 'professional_portrait', environment: 'studio', count: 5, idempotencyKey: 'nightly-2026-11-24' };
    const results = await Promise.all(Array.from({ length: 8 }, () => startPack(app, token, input)));
    expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const reserved = await app.services.db.creditLedgerEntry.findMany({ where: { kind: 'reserve', user: { displayName: 'Idem' } } });
    expect(reserved).toHaveLength(1);
  });

  it('typed errors: NSFW not allowed, insufficient credits, invalid input, unknown influencer', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Errors', 4);
    const influencerId = await influencerWithFace(app, token);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ influencerId, scene: 'professional_portrait', environment: 'studio', nsfw: true }, 'NSFW_NOT_ALLOWED'],
      [{ influencerId, scene: 'professional_portrait', environment: 'studio', count: 5 }, 'INSUFFICIENT_CREDITS'],
      [{ influencerId, scene: 'moon', environment: 'studio' }, 'INVALID_INPUT'],
      [{ influencerId, scene: 'professional_portrait', environment: 'studio', count: 11 }, 'INVALID_INPUT'],
      [{ influencerId, scene: 'professional_portrait', environment: 'studio', count: 0 }, 'INVALID_INPUT'],
      [{ influencerId, scene: 'professional_portrait', environment: 'studio', outfit: 'lingerie', count: 1 }, 'INVALID_INPUT'],
      [{ influencerId: 'SW5mbHVlbmNlcjowMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwOTk=', scene: 'professional_portrait', environment: 'studio' }, 'NOT_FOUND'],
    ];
    for (const [input, code] of cases) {
      const r = await executeOk(app.yoga, GenerateDoc, { input: input as never }, { token });
      expect(r.generateImages, JSON.stringify(input)).toMatchObject({ code });
    }
    expect(await app.services.db.generationJob.count({ where: { user: { displayName: 'Errors' } } })).toBe(0);
    expect((await executeOk(app.yoga, CreditsDoc, undefined, { token })).viewer?.credits).toBe(4);
  });

  it('another user cannot read the job, its assets, or subscribe to its progress', async () => {
    const owner = await createUserWithToken(app.services.db, 'Owner', 100);
    const other = await createUserWithToken(app.services.db, 'Other', 100);
    const influencerId = await influencerWithFace(app, owner.token);
    const started = await startPack(app, owner.token, { influencerId, scene: 'professional_portrait', environment: 'studio', count: 1 });
    const c = wsClient(app.url, owner.token);
    await collect(c, ProgressDoc, { jobId: started.job.id }, isEnd);
    await c.dispose();
    const job = (await executeOk(app.yoga, JobDoc, { id: started.job.id }, { token: owner.token })).generationJob!;
    expect((await executeOk(app.yoga, JobDoc, { id: started.job.id }, { token: other.token })).generationJob).toBeNull();
    const cancel = await executeOk(app.yoga, CancelDoc, { input: { jobId: started.job.id } }, { token: other.token });
    expect(cancel.cancelGeneration.__typename).toBe('NotFound');
    const spy = wsClient(app.url, other.token);
    const events = await collect(spy, ProgressDoc, { jobId: started.job.id }, () => true).catch((e) => [{ errors: Array.isArray(e) ? e : [e] }]);
    await spy.dispose();
    expect(JSON.stringify(events)).toContain('NOT_FOUND');
    expect(JSON.stringify(events)).not.toContain('ImageCompleted');
    const assetId = job.images[0]!.asset!.id;
    const r = await execute(app.yoga, (await import('./generation-documents.js')).AssetDoc, { id: assetId }, { token: other.token });
    expect(r.data).toEqual({ asset: null, node: null });
  });
});
