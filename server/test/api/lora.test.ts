import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../src/api/types/ids.js';
import { MAX_SHEET_REPLACEMENTS, MIN_SHEET_IMAGES } from '../../src/domain/lora/sheet-shots.js';
import { gpuKindRunners } from '../../src/tasks/gpu/kinds.js';
import { graphql } from '../generated/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { createInfluencer as create, eventsDuring as during, readLora, uploadBase as upload, type LoraEvent } from '../helpers/lora.js';
import { runPack } from '../helpers/packs.js';
import { createUserWithToken } from '../helpers/users.js';
import { LoraDoc, RetrainLoraDoc } from './lora-documents.js';
import { until } from '../helpers/until.js';

const PackLoraDoc = graphql(`
  query PackLora($id: ID!) {
    generationJob(id: $id) {
      mode
      modeNote
      loraUsed {
        modelKey
        triggerWord
      }
      images {
        asset {
          loraUsed {
            modelKey
            triggerWord
          }
        }
      }
    }
  }
`);

const STEPS = 60;
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    worker: true,
    env: {
      LORA_PIPELINE: 'on',
      LORA_TRAINING_STEPS: String(STEPS),
      LORA_PROGRESS_POLL_MS: '40',
      LOCAL_GPU_TRAINING_STEP_MS: '50',
      STARTING_CREDITS: '1000',
      LOCAL_GPU_WORKERS: '10',
      LOCAL_GPU_STEP_MS: '2',
      GPU_RETRY_BACKOFF_MS: '50',
      RECONCILE_INTERVAL_MS: '300',
      RECONCILE_MIN_AGE_MS: '500',
    },
  });
});
afterAll(() => app?.close());

const createInfluencer = (token: string, name: string) => create(app, token, name);
const uploadBase = (token: string, influencerId: string) => upload(app, token, influencerId);
const eventsDuring = (token: string, influencerId: string, act: () => Promise<unknown>, stop: (e: LoraEvent) => boolean) => during(app, token, influencerId, act, stop);
const lora = (token: string, id: string) => readLora(app, token, id);

/**
 * Identity scores of every render of finished packs (a pack ends after its scores): the visible
 * images and the drifted ones they replaced, as the metrics count them — what the mode delivers
 * before a re-render hides its misses.
 */
async function identityScores(jobIds: string[], perPack: number): Promise<number[]> {
  const items = { jobId: { in: jobIds.map((id) => decodeId(id, 'GenerationJob')) } };
  const assets = await app.services.db.imageAsset.findMany({
    where: {
      OR: [
        { generationItem: items, hiddenReason: null },
        { driftedItem: items, hiddenReason: 'identity_drift' },
      ],
    },
    select: { identityScore: true, hiddenReason: true },
  });
  expect(assets.filter((a) => a.hiddenReason === null)).toHaveLength(perPack * jobIds.length);
  const scores = assets.map((a) => a.identityScore);
  expect(scores.every((x) => typeof x === 'number')).toBe(true);
  return scores as number[];
}

/**
 * Mean of the middle 80 %: a mode's renders are bimodal (mirrored or not), so a median of 20 jumps
 * between the clusters and a plain mean swings with one outlier.
 */
const trimmedMean = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const cut = Math.floor(s.length / 10);
  const mid = s.slice(cut, s.length - cut);
  return mid.reduce((a, b) => a + b, 0) / mid.length;
};

describe('character sheet → LoRA training → HD mode', () => {
  it('runs on its own from the base image to HD mode: sheet with scores (drifted ones replaced), training with progress, stored and probed LoRA, LORA packs', async () => {
    const { user, token } = await createUserWithToken(app.services.db, 'Lora', 1000);
    const influencerId = await createInfluencer(token, 'Lena');
    const dbId = decodeId(influencerId, 'Influencer');
    // Two of the eight first renders show someone else: they must be replaced before training.
    app.localGpu!.configure('image', { offIdentityRate: 0.25 });
    let events: LoraEvent[];
    try {
      events = await eventsDuring(
        token,
        influencerId,
        () => uploadBase(token, influencerId),
        (e) => e.__typename === 'HdModeUnlocked',
      );
    } finally {
      app.localGpu!.configure('image', { offIdentityRate: 0 });
    }
    const statuses = events.filter((e) => e.__typename === 'LoraStatusChanged').map((e) => e.loraStatus);
    expect(statuses).toEqual(['GENERATING_SHEETS', 'TRAINING', 'READY']);
    // Each sheet shot is announced as it is stored and scored, before the training starts.
    const sheetProgress = events.filter((e) => e.__typename === 'CharacterSheetProgress');
    expect(sheetProgress.length).toBeGreaterThanOrEqual(8);
    expect(sheetProgress.every((e) => e.targetCount === 8)).toBe(true);
    // Until the training starts they say the sheet is being made (the back view's score may land while it trains).
    const trainingAt = events.findIndex((e) => e.loraStatus === 'TRAINING' && e.__typename === 'LoraStatusChanged');
    expect(events.slice(0, trainingAt).every((e) => e.__typename !== 'CharacterSheetProgress' || e.loraStatus === 'GENERATING_SHEETS')).toBe(true);
    expect(Math.max(...sheetProgress.map((e) => e.shotsDone!))).toBe(8);
    expect(events.findIndex((e) => e.__typename === 'CharacterSheetProgress')).toBeLessThan(events.findIndex((e) => e.loraStatus === 'TRAINING'));
    const progress = events.filter((e) => e.__typename === 'LoraTrainingProgress');
    // The trainer's progress, read while it runs (the queue polls future jobs once a second).
    expect(progress.some((p) => p.stage === 'training' && p.step! > 0 && p.step! <= STEPS && p.total === STEPS && typeof p.estimatedCompletionAt === 'string')).toBe(true);
    expect(events.at(-1)!.__typename).toBe('HdModeUnlocked');

    const read = await lora(token, influencerId);
    expect(read.loraStatus).toBe('READY');
    expect(read.faceMode).toBe('LORA');
    expect(read.lora).toMatchObject({ status: 'READY', stage: 'ready', progress: 1, error: null, triggerWord: expect.stringMatching(/^csx[0-9a-f]{8}$/) });
    const sheet = read.lora.sheet!;
    expect(sheet).toMatchObject({ status: 'completed', targetCount: 8 });
    expect(sheet.images.map((i) => i.shot)).toEqual([
      'front_headshot',
      'front_smiling',
      'three_quarter_left',
      'three_quarter_right',
      'profile',
      'front_surprised',
      'full_body',
      'back',
    ]);
    for (const image of sheet.images) {
      expect(image.status).toBe('completed');
      expect(image.asset).toMatchObject({ kind: 'CHARACTER_SHEET', source: { id: read.baseImage!.id } });
      // The training waited for every score but the back view's (never replaced): that one lands on its own.
      if (image.shot !== 'back') expect(image.asset!.identityStatus).not.toBe('PENDING');
    }
    const back = sheet.images.find((i) => i.shot === 'back')!.asset!;
    const backScored = await until(
      'the back view to be scored',
      () => app.services.db.imageAsset.findUniqueOrThrow({ where: { id: decodeId(back.id, 'ImageAsset') } }),
      (a) => a.identityStatus !== 'pending',
    );
    // Seen from behind, the (simulated) render shows no face, and the instrument finds none.
    expect(backScored.identityStatus).toBe('no_face');
    // A face-reference render drifts naturally now and then, so a shot may use up its re-renders and stay
    // DRIFTED; every other shot with a face matched, and the sheet still had enough usable images.
    const faces = sheet.images.filter((i) => i.shot !== 'back');
    for (const i of faces) {
      if (i.asset!.identityStatus === 'MATCHED') expect(i.asset!.identityScore!).toBeGreaterThanOrEqual(0.5);
      else expect({ status: i.asset!.identityStatus, replacements: i.replacements }).toEqual({ status: 'DRIFTED', replacements: MAX_SHEET_REPLACEMENTS });
    }
    expect(sheet.images.filter((i) => i.shot === 'back' || i.asset!.identityStatus === 'MATCHED').length).toBeGreaterThanOrEqual(MIN_SHEET_IMAGES);
    expect(sheet.images.reduce((n, i) => n + i.replacements, 0)).toBeGreaterThanOrEqual(1);
    const hidden = await app.services.db.imageAsset.findMany({ where: { influencerId: dbId, kind: 'character_sheet', hiddenReason: 'identity_drift' } });
    expect(hidden.length).toBeGreaterThanOrEqual(1);

    expect(read.lora.training).toMatchObject({ status: 'completed', stage: 'completed', steps: STEPS, step: STEPS, error: null });
    expect(read.lora.training!.durationMs).toBeGreaterThan(STEPS * 50 * 0.8);
    expect(read.lora.training!.gpuCostUsd).toBeGreaterThan(0);

    // One training job at the GPU per base model, from the same sheet; the file is in our storage, checked, and on the image endpoint's volume.
    const trainings = await app.services.db.loraTrainingJob.findMany({ where: { influencerId: dbId }, orderBy: { baseModel: 'asc' } });
    expect(trainings.map((x) => x.baseModel)).toEqual(['flux_dev', 'z_image_turbo']);
    expect(new Set(trainings.map((x) => x.characterSheetJobId)).size).toBe(1);
    const t = trainings[0]!;
    for (const x of trainings) expect(await app.services.db.gpuJob.count({ where: { loraTrainingJobId: x.id, kind: 'lora_training', endpoint: 'training' } })).toBe(1);
    const stored = await app.services.storage.get(t.storageKey!, { adult: false });
    expect(createHash('sha256').update(stored).digest('hex')).toBe(t.sha256);
    expect(stored.length).toBe(t.sizeBytes);
    const onVolume = await readFile(path.join(app.dataDir, 'local-gpu', t.volumePath!));
    expect(onVolume.equals(stored)).toBe(true);
    const headerLength = Number(stored.readBigUInt64LE(0));
    const header = JSON.parse(stored.subarray(8, 8 + headerLength).toString('utf8'));
    expect(header.__metadata__).toMatchObject({ content_studio_trigger_word: t.triggerWord, content_studio_base_model: 'flux_dev' });
    const influencer = await app.services.db.influencer.findUniqueOrThrow({ where: { id: dbId } });
    expect(influencer.loraModelKey).toBe(t.modelKey);
    expect(t.volumePath).toBe(`models/loras/${t.modelKey}`);

    // Captions: the trigger word and the shot's words, never the face.
    const dataset = await app.services.storage.get(t.datasetKey!, { adult: false });
    expect(dataset.includes(Buffer.from(`${t.triggerWord}, back view, soft light, full body`))).toBe(true);
    expect(dataset.includes(Buffer.from('hazel eyes'))).toBe(false);
    expect(dataset.includes(Buffer.from('dark brown long wavy hair'))).toBe(false);

    // The next pack uses the LoRA with no user action: trigger word first, the LoRA in the workflow.
    const { started, job } = await runPack(app, token, { influencerId, scene: 'professional_portrait', environment: 'studio', count: 2 });
    expect(started.mode).toBe('LORA');
    expect(job.status).toBe('COMPLETED');
    expect(job.images[0]!.asset!.mode).toBe('LORA');
    expect(job.images[0]!.asset!.prompt!.startsWith(`${t.triggerWord}, `)).toBe(true);
    const used = (await executeOk(app.yoga, PackLoraDoc, { id: started.job.id }, { token })).generationJob!;
    expect(used.loraUsed).toEqual({ modelKey: t.modelKey, triggerWord: t.triggerWord });
    expect(used.images.map((i) => i.asset!.loraUsed)).toEqual([used.loraUsed, used.loraUsed]);
    // Its workflow loads the LoRA (what the image runner sends for the pack's first image).
    const gpuJob = await app.services.db.gpuJob.findFirstOrThrow({ where: { generationItem: { jobId: decodeId(started.job.id, 'GenerationJob') } } });
    const input = (await gpuKindRunners(app.services).image!.buildInput(gpuJob)) as { workflow: Record<string, { class_type: string; inputs: Record<string, unknown> }> };
    expect(Object.values(input.workflow).find((n) => n.class_type === 'LoraLoaderModelOnly')?.inputs.lora_name).toBe(t.modelKey);

    const names = (await app.services.db.analyticsEvent.findMany({ where: { userId: user.id }, select: { name: true, properties: true } })).map((e) => e);
    expect(names.map((n) => n.name)).toEqual(
      expect.arrayContaining([
        'character_sheet_generation_started',
        'character_sheet_generation_completed',
        'lora_training_started',
        'lora_training_completed',
        'lora_mode_activated',
      ]),
    );
    const completed = names.find((n) => n.name === 'lora_training_completed')!.properties as Record<string, number>;
    expect(completed.training_duration_ms).toBeGreaterThan(0);
    expect(typeof completed.training_cost_cents).toBe('number');

    // The Z-Image LoRA (trained from the same dataset) serves Z-Image packs through a LoRA loader once it is ready.
    const z = await until(
      'the Z-Image LoRA',
      () => app.services.db.loraTrainingJob.findFirstOrThrow({ where: { id: trainings[1]!.id } }),
      (x) => x.status === 'completed' || x.status === 'failed',
      60_000,
    );
    expect(z).toMatchObject({ status: 'completed', error: null, triggerWord: t.triggerWord });
    const zFile = await app.services.storage.get(z.storageKey!, { adult: false });
    const zHeader = JSON.parse(zFile.subarray(8, 8 + Number(zFile.readBigUInt64LE(0))).toString('utf8'));
    expect(zHeader.__metadata__).toMatchObject({ content_studio_base_model: 'z_image_turbo' });
    expect((await app.services.db.influencer.findUniqueOrThrow({ where: { id: dbId } })).zImageLoraModelKey).toBe(z.modelKey);
    expect((await lora(token, influencerId)).lora.models).toEqual([
      { baseModel: 'FLUX_DEV', modelKey: t.modelKey, triggerWord: t.triggerWord, readyAt: expect.any(String) },
      { baseModel: 'Z_IMAGE_TURBO', modelKey: z.modelKey, triggerWord: t.triggerWord, readyAt: expect.any(String) },
    ]);
    const turbo = await runPack(app, token, { influencerId, scene: 'professional_portrait', environment: 'studio', count: 1, engine: 'Z_IMAGE_TURBO', aspectRatio: 'SQUARE_1_1' });
    expect(turbo.started.mode).toBe('LORA');
    expect(turbo.job.status).toBe('COMPLETED');
    const turboUsed = (await executeOk(app.yoga, PackLoraDoc, { id: turbo.started.job.id }, { token })).generationJob!;
    expect(turboUsed).toMatchObject({ mode: 'LORA', modeNote: null, loraUsed: { modelKey: z.modelKey, triggerWord: t.triggerWord } });
    expect(turboUsed.images[0]!.asset!.loraUsed).toEqual(turboUsed.loraUsed);
    expect(turbo.job.images[0]!.asset!.prompt!.startsWith(`${t.triggerWord}, `)).toBe(true);
    const turboGpu = await app.services.db.gpuJob.findFirstOrThrow({ where: { generationItem: { jobId: decodeId(turbo.started.job.id, 'GenerationJob') } } });
    const turboInput = (await gpuKindRunners(app.services).image!.buildInput(turboGpu)) as { workflow: Record<string, { class_type: string; inputs: Record<string, unknown> }> };
    const turboNodes = Object.values(turboInput.workflow);
    expect(turboNodes.find((n) => n.class_type === 'LoraLoaderModelOnly')?.inputs.lora_name).toBe(z.modelKey);
    expect(turboNodes.some((n) => n.class_type === 'ReActorFaceSwap')).toBe(false);
    expect(turboNodes.find((n) => n.class_type === 'UNETLoader')?.inputs.unet_name).toMatch(/z_image/);

    // A new base image: a new sheet and training, while the old LoRA keeps serving until the new one is ready.
    const renewed = await eventsDuring(
      token,
      influencerId,
      async () => {
        await uploadBase(token, influencerId);
        expect((await lora(token, influencerId)).lora).toMatchObject({ status: 'GENERATING_SHEETS', stage: 'sheet' });
        expect((await lora(token, influencerId)).faceMode).toBe('LORA');
      },
      (e) => e.__typename === 'HdModeUnlocked',
    );
    expect(renewed.filter((e) => e.__typename === 'LoraStatusChanged').map((e) => e.loraStatus)).toEqual(['GENERATING_SHEETS', 'TRAINING', 'READY']);
    const after = await app.services.db.influencer.findUniqueOrThrow({ where: { id: dbId } });
    expect(after.loraModelKey).not.toBe(t.modelKey);
    expect(await app.services.db.characterSheetJob.count({ where: { influencerId: dbId } })).toBe(2);
  }, 200_000);

  it('a failed training leaves face reference working with a readable reason; retrainLora restarts only the training, once', async () => {
    const { token } = await createUserWithToken(app.services.db, 'Retrain', 1000);
    const influencerId = await createInfluencer(token, 'Rita');
    const dbId = decodeId(influencerId, 'Influencer');
    // Both trainings (Flux and Z-Image) fail: the Flux one fails the influencer.
    app.localGpu!.configure('lora-training', { failures: [{ kind: 'permanent', times: 2 }] });
    const failed = await eventsDuring(
      token,
      influencerId,
      () => uploadBase(token, influencerId),
      (e) => e.__typename === 'LoraStatusChanged' && e.loraStatus === 'FAILED',
    );
    expect(failed.at(-1)!.loraStatus).toBe('FAILED');
    const read = await lora(token, influencerId);
    expect(read.loraError).toMatch(/^LoRA training failed: .*flux1-dev\.safetensors' is missing/);
    expect(read.lora).toMatchObject({ status: 'FAILED', stage: 'failed', training: { status: 'failed' } });
    expect(read.faceMode).toBe('FACE_REF');
    await until(
      'both trainings to fail',
      () => app.services.db.loraTrainingJob.findMany({ where: { influencerId: dbId } }),
      (all) => all.length === 2 && all.every((x) => x.status === 'failed'),
      60_000,
    );

    // Two packs of 10 per mode: a single render's score swings with its simulated pose (a mirrored
    // face scores far lower), so the comparison is of trimmed means over every render (20 and their re-renders).
    const samePack = { influencerId, scene: 'professional_portrait', environment: 'studio', count: 10 };
    const faceRefPacks = [await runPack(app, token, samePack), await runPack(app, token, samePack)];
    for (const pack of faceRefPacks) {
      expect(pack.started.mode).toBe('FACE_REF');
      expect(pack.job.status).toBe('COMPLETED');
    }

    const retrained = await eventsDuring(
      token,
      influencerId,
      async () => {
        const [a, b] = await Promise.all([
          executeOk(app.yoga, RetrainLoraDoc, { input: { influencerId } }, { token }),
          executeOk(app.yoga, RetrainLoraDoc, { input: { influencerId } }, { token }),
        ]);
        expect(a.retrainLora.__typename).toBe('RetrainLoraPayload');
        expect(b.retrainLora.__typename).toBe('RetrainLoraPayload');
      },
      (e) => e.__typename === 'HdModeUnlocked',
    );
    expect(retrained.filter((e) => e.__typename === 'LoraStatusChanged').map((e) => e.loraStatus)).toEqual(['TRAINING', 'READY']);
    expect(await app.services.db.characterSheetJob.count({ where: { influencerId: dbId } })).toBe(1);
    // One new training per base model, however many retrainLora calls raced.
    const all = await app.services.db.loraTrainingJob.findMany({ where: { influencerId: dbId } });
    expect(all.map((x) => `${x.baseModel}:${x.status === 'failed' ? 'failed' : 'new'}`).sort()).toEqual([
      'flux_dev:failed',
      'flux_dev:new',
      'z_image_turbo:failed',
      'z_image_turbo:new',
    ]);
    expect((await lora(token, influencerId)).lora.status).toBe('READY');

    // HD mode's point: the same pack in LoRA mode keeps the face closer than face reference did.
    const hdPacks = [await runPack(app, token, samePack), await runPack(app, token, samePack)];
    for (const hd of hdPacks) {
      expect(hd.started.mode).toBe('LORA');
      expect(hd.job.status).toBe('COMPLETED');
    }
    const faceRefScores = await identityScores(
      faceRefPacks.map((p) => p.started.job.id),
      10,
    );
    const loraScores = await identityScores(
      hdPacks.map((p) => p.started.job.id),
      10,
    );
    const [faceRefScore, loraScore] = [trimmedMean(faceRefScores), trimmedMean(loraScores)];
    console.log(`identity, trimmed means: LoRA ${loraScore.toFixed(3)} (${loraScores.length} renders) vs face reference ${faceRefScore.toFixed(3)} (${faceRefScores.length})`);
    expect(loraScore, `LoRA ${loraScores.join(' ')} vs face reference ${faceRefScores.join(' ')}`).toBeGreaterThan(faceRefScore);

    // Ready (the Z-Image one runs or is done): retraining again starts nothing.
    const again = await executeOk(app.yoga, RetrainLoraDoc, { input: { influencerId } }, { token });
    expect(again.retrainLora).toMatchObject({ influencer: { loraStatus: 'READY' } });
    expect(await app.services.db.loraTrainingJob.count({ where: { influencerId: dbId } })).toBe(4);
  }, 150_000);

  it("is tenant-scoped: another user's influencer is not found by retrainLora and reads as null", async () => {
    const { token } = await createUserWithToken(app.services.db, 'Owner', 10);
    const { token: other } = await createUserWithToken(app.services.db, 'Other', 10);
    const influencerId = await createInfluencer(token, 'Tess');
    const r = await executeOk(app.yoga, RetrainLoraDoc, { input: { influencerId } }, { token: other });
    expect(r.retrainLora).toMatchObject({ __typename: 'NotFound', code: 'NOT_FOUND' });
    expect((await executeOk(app.yoga, LoraDoc, { id: influencerId }, { token: other })).influencer).toBeNull();
    const mine = await executeOk(app.yoga, RetrainLoraDoc, { input: { influencerId } }, { token });
    expect(mine.retrainLora).toMatchObject({ code: 'INVALID_INPUT' });
  });
});
