import sharp from 'sharp';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../src/api/types/ids.js';
import { setLoraStatus } from '../../src/domain/influencers/set-lora-status.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { realFace } from '../helpers/images.js';
import { influencerWithFace } from '../helpers/studio.js';
import { collect, wsClient } from '../helpers/subscriptions.js';
import { runPack } from '../helpers/packs.js';
import { createUserWithToken } from '../helpers/users.js';
import { AssetsDoc, GenerateDoc } from './generation-documents.js';
import { graphql } from '../generated/index.js';

const ConfirmAdultDoc = graphql(`
  mutation ConfirmAdult($input: ConfirmAdultInput!) {
    confirmAdult(input: $input) {
      viewer {
        adultConfirmed
      }
    }
  }
`);

const InfluencerEventsDoc = graphql(`
  subscription InfluencerEvents($influencerId: ID!) {
    influencerEvents(influencerId: $influencerId) {
      __typename
      loraStatus
      influencer {
        id
        faceMode
        hdModeUnlocked
      }
    }
  }
`);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    worker: true,
    env: {
      STARTING_CREDITS: '1000',
      LOCAL_GPU_WORKERS: '20',
      LOCAL_GPU_STEP_MS: '5',
      WORKER_CONCURRENCY: '2',
      GPU_RETRY_BACKOFF_MS: '50',
      RECONCILE_INTERVAL_MS: '300',
      RECONCILE_MIN_AGE_MS: '500',
      RATE_LIMIT_GENERATIONS_PER_MIN: '3',
    },
  });
});
afterAll(() => app?.close());

describe('generation pipeline, continued', () => {
  it('keeps more GPU jobs in flight than the worker has slots (no slot is held during GPU time)', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Inflight', 1000);
    const influencerId = await influencerWithFace(app, token);
    app.localGpu!.configure('image', { stepMs: 60 }); // ~1.2 s per image
    try {
      const before = app.localGpu!.stats().maxInProgress;
      const { job, events } = await runPack(app, token, { influencerId, scene: 'professional_portrait', environment: 'studio', count: 10 });
      expect(job.status).toBe('COMPLETED');
      // Each image is announced on the GPU (ImageStarted, "rendering") before it completes.
      const order = events.map((e) => e.data!.generationProgress).map((e) => `${e.__typename}:${'image' in e && e.image ? e.image.index : ''}`);
      for (let index = 0; index < 10; index++) {
        const startedAt = order.indexOf(`ImageStarted:${index}`);
        expect(startedAt, `ImageStarted for image ${index}`).toBeGreaterThanOrEqual(0);
        expect(startedAt).toBeLessThan(order.indexOf(`ImageCompleted:${index}`));
      }
      expect(before).toBeLessThan(10);
      // WORKER_CONCURRENCY is 2; all 10 images were on the GPU at once.
      expect(app.localGpu!.stats().maxInProgress).toBeGreaterThanOrEqual(10);
    } finally {
      app.localGpu!.configure('image', { stepMs: 5 });
    }
  });

  it('rejects webhooks with an unknown token (404) and bodies that are not a job status (400)', async () => {
    const post = (token: string, body: unknown) =>
      fetch(`${app.url}/webhooks/runpod/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('x'.repeat(32), { id: 'abc', status: 'COMPLETED' })).status).toBe(404);
    expect((await post('short', { id: 'abc' })).status).toBe(404);
    expect((await post('y'.repeat(32), { nope: true })).status).toBe(400);
    expect((await fetch(`${app.url}/webhooks/runpod/${'z'.repeat(32)}`)).status).toBe(405);
  });

  it('recovers images whose webhook never arrives through the reconcile', async () => {
    const { token } = await createUserWithToken(app.services.db, 'LostHooks', 100);
    const influencerId = await influencerWithFace(app, token);
    const realUrl = app.services.publicUrl;
    app.services.publicUrl = () => 'http://127.0.0.1:9'; // webhooks go nowhere
    try {
      const { job } = await runPack(app, token, { influencerId, scene: 'morning_vibes', environment: 'home_bedroom', count: 3 });
      expect(job.status).toBe('COMPLETED');
      expect(job.progress.completed).toBe(3);
    } finally {
      app.services.publicUrl = realUrl;
    }
  });

  it('NSFW packs run on the NSFW endpoint, and adult assets are only served through signed URLs', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Adult', 100);
    const influencerId = await influencerWithFace(app, token, { nsfwEnabled: true });
    const nsfwPack = { influencerId, scene: 'night_out', environment: 'home_bedroom', outfit: 'lingerie', nsfw: true, count: 1 };
    // The influencer allows NSFW, but the user has not confirmed being an adult yet.
    const refused = await executeOk(app.yoga, GenerateDoc, { input: nsfwPack as never }, { token });
    expect(refused.generateImages).toMatchObject({ __typename: 'NsfwNotAllowed', code: 'NSFW_NOT_ALLOWED' });
    const confirmed = await executeOk(app.yoga, ConfirmAdultDoc, { input: { confirmed: true } }, { token });
    expect(confirmed.confirmAdult.viewer.adultConfirmed).toBe(true);
    const before = await app.services.gpu.health('image-nsfw');
    const { job } = await runPack(app, token, nsfwPack);
    expect(job.status).toBe('COMPLETED');
    const after = await app.services.gpu.health('image-nsfw');
    expect(after.jobs.completed! - before.jobs.completed!).toBe(1);
    const url = new URL(job.images[0]!.asset!.url, app.url); // root-relative without PUBLIC_URL
    expect(url.pathname).toContain('/assets-adult/');
    expect(url.searchParams.get('sig')).toBeTruthy();
    expect((await fetch(url)).status).toBe(200);
    const unsigned = new URL(url);
    unsigned.search = '';
    expect((await fetch(unsigned)).status).toBe(403);
    const forged = new URL(url);
    forged.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 3600));
    expect((await fetch(forged)).status).toBe(403);
  });

  it('uses LoRA (HD) mode automatically once the LoRA is ready: trigger word leads, the LoRA file is used, HdModeUnlocked is pushed', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Hd', 100);
    const influencerId = await influencerWithFace(app, token);
    const dbId = decodeId(influencerId, 'Influencer');
    // A LoRA on the (local) network volume whose metadata carries the face it was trained on.
    const face = await realFace(0, 256);
    const header = Buffer.from(JSON.stringify({ __metadata__: { content_studio_face_png: face.toString('base64') } }));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(header.length));
    const loras = path.join(app.dataDir, 'local-gpu', 'models', 'loras');
    await mkdir(loras, { recursive: true });
    await writeFile(path.join(loras, `${dbId}.safetensors`), Buffer.concat([len, header]));

    const client = wsClient(app.url, token);
    const eventsPromise = collect(client, InfluencerEventsDoc, { influencerId }, (r) => r.data?.influencerEvents.__typename === 'HdModeUnlocked', 20_000);
    await new Promise((r) => setTimeout(r, 300)); // let the subscription register
    await app.services.db.$transaction((tx) => setLoraStatus(tx, dbId, 'ready', { loraModelKey: `${dbId}.safetensors`, triggerWord: 'ohwx_mia' }));
    const events = await eventsPromise;
    await client.dispose();
    expect(events.map((e) => e.data?.influencerEvents.__typename)).toEqual(['LoraStatusChanged', 'HdModeUnlocked']);
    expect(events[1]!.data!.influencerEvents.influencer).toMatchObject({ faceMode: 'LORA', hdModeUnlocked: true });

    const { started, job } = await runPack(app, token, { influencerId, scene: 'fashion_editorial', environment: 'studio', count: 2 });
    expect(started.mode).toBe('LORA');
    expect(job.status).toBe('COMPLETED');
    expect(job.images[0]!.asset!.mode).toBe('LORA');
    expect(job.images[0]!.asset!.prompt!.startsWith('ohwx_mia, ')).toBe(true);
  });

  it('Z-Image-Turbo is selectable per request', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Turbo', 100);
    const influencerId = await influencerWithFace(app, token);
    const { job } = await runPack(app, token, {
      influencerId,
      scene: 'candid_lifestyle',
      environment: 'urban_street',
      engine: 'Z_IMAGE_TURBO',
      count: 1,
      aspectRatio: 'SQUARE_1_1',
    });
    expect(job.status).toBe('COMPLETED');
    expect(job.images[0]!.asset).toMatchObject({ engine: 'Z_IMAGE_TURBO', width: 1024, height: 1024 });
    // Face reference on Z-Image is a ReActor swap: with its NSFW detector on the volume (the model
    // list the app gives the local GPU), the picture is not the filter's black image.
    const row = await app.services.db.imageAsset.findFirstOrThrow({
      where: { generationItem: { job: { userId: (await app.services.db.user.findFirstOrThrow({ where: { displayName: 'Turbo' } })).id } } },
    });
    const { channels } = await sharp(await app.services.storage.get(row.storageKey, { adult: false, bucket: row.storageBucket })).stats();
    expect(Math.max(...channels.slice(0, 3).map((c) => c.max))).toBeGreaterThan(100);
    expect(row.negativePrompt).toBeNull();
    expect((row.metadata as { steps: number }).steps).toBe(8);
  });

  it('Z-Image-Turbo HQ renders bigger (1.5× width and height, 9 steps) at the HQ price', async () => {
    const { token } = await createUserWithToken(app.services.db, 'TurboHQ', 100);
    const influencerId = await influencerWithFace(app, token);
    const { job } = await runPack(app, token, {
      influencerId,
      scene: 'candid_lifestyle',
      environment: 'urban_street',
      engine: 'Z_IMAGE_TURBO',
      quality: 'HQ',
      count: 1,
      aspectRatio: 'PORTRAIT_9_16',
    });
    expect(job.status).toBe('COMPLETED');
    expect(job.images[0]!.asset).toMatchObject({ engine: 'Z_IMAGE_TURBO', width: 1152, height: 2048 });
    const row = await app.services.db.generationJob.findFirstOrThrow({ where: { user: { displayName: 'TurboHQ' } } });
    expect({ steps: row.steps, pricePerImage: row.pricePerImage }).toEqual({ steps: 9, pricePerImage: 3 });
  });

  it('rate-limits packs per user with a typed RateLimited error', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Limited', 100);
    const influencerId = await influencerWithFace(app, token);
    const input = { influencerId, scene: 'professional_portrait', environment: 'studio', count: 1 };
    const results = [];
    for (let i = 0; i < 4; i++) results.push((await executeOk(app.yoga, GenerateDoc, { input: input as never }, { token })).generateImages);
    expect(results.slice(0, 3).every((r) => r.__typename === 'GenerateImagesPayload')).toBe(true);
    expect(results[3]).toMatchObject({ __typename: 'RateLimited', code: 'RATE_LIMITED' });
  });

  it('the gallery lists assets newest first with filters and cursors; analytics of the spec are recorded', async () => {
    const { user, token } = await createUserWithToken(app.services.db, 'Gallery', 100);
    const influencerId = await influencerWithFace(app, token);
    await runPack(app, token, { influencerId, scene: 'beach_day', environment: 'beach', count: 2 });
    await runPack(app, token, { influencerId, scene: 'night_out', environment: 'cafe', count: 1 });
    const all = await executeOk(app.yoga, AssetsDoc, { filter: { influencerId }, first: 10 }, { token });
    expect(all.assets.edges.map((e) => e.node.kind)).toEqual(['GENERATED', 'GENERATED', 'GENERATED', 'BASE']);
    expect(all.assets.edges[0]!.node.scene).toBe('night_out');
    const beach = await executeOk(app.yoga, AssetsDoc, { filter: { influencerId, scene: 'beach_day', kind: 'GENERATED' }, first: 1 }, { token });
    expect(beach.assets.edges).toHaveLength(1);
    expect(beach.assets.pageInfo.hasNextPage).toBe(true);
    const next = await executeOk(app.yoga, AssetsDoc, { filter: { influencerId, scene: 'beach_day' }, first: 5, after: beach.assets.pageInfo.endCursor }, { token });
    expect(next.assets.edges).toHaveLength(1);
    expect(next.assets.edges[0]!.node.id).not.toBe(beach.assets.edges[0]!.node.id);

    const names = (await app.services.db.analyticsEvent.findMany({ where: { userId: user.id }, select: { name: true } })).map((e) => e.name);
    expect(names.filter((n) => n === 'generation_started')).toHaveLength(2);
    expect(names.filter((n) => n === 'generation_image_completed')).toHaveLength(3);
    expect(names.filter((n) => n === 'generation_pack_completed')).toHaveLength(2);
  });
});
