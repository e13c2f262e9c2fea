import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../src/api/types/ids.js';
import { JobDoc } from '../api/generation-documents.js';
import { RetrainLoraDoc } from '../api/lora-documents.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { createInfluencer, eventsDuring, readLora, uploadBase, type LoraEvent } from '../helpers/lora.js';
import { runPack, startPack } from '../helpers/packs.js';
import { createUserWithToken } from '../helpers/users.js';
import { until } from '../helpers/until.js';
import { report } from './report.js';

// The LoRA pipeline's failure paths over the local GPU (real HTTP, real webhooks, the real
// reconcile): a lost webhook, a trainer that fails or hangs past its execution timeout, and an
// image endpoint that cannot (or not yet) load the trained file.

const STEPS = 60;
/** Long enough for a normal training here (60 steps × 20 ms plus its download), short enough to wait out a hang. */
const TRAINING_TIMEOUT_MS = 6000;

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    worker: true,
    env: {
      LORA_PIPELINE: 'on',
      // The primary (Flux) LoRA's failures: what fails the influencer. Two base models are the
      // kill -9 test's and the API tests' case.
      LORA_BASE_MODELS: 'flux_dev',
      LORA_TRAINING_STEPS: String(STEPS),
      LORA_PROGRESS_POLL_MS: '100',
      LOCAL_GPU_TRAINING_STEP_MS: '20',
      LOCAL_GPU_WORKERS: '10',
      LOCAL_GPU_STEP_MS: '2',
      STARTING_CREDITS: '1000',
      GPU_RETRY_BACKOFF_MS: '50',
      GPU_TRAINING_EXECUTION_TIMEOUT_MS: String(TRAINING_TIMEOUT_MS),
      RECONCILE_INTERVAL_MS: '300',
      RECONCILE_MIN_AGE_MS: '500',
    },
  });
});
afterAll(() => app?.close());
afterEach(() => {
  app.localGpu!.configure('lora-training', { failures: [], lostWebhooks: 0 });
  app.localGpu!.configure('image', { failures: [] });
});

const gpuStats = (endpoint: string) => {
  const s = app.localGpu!.stats().endpoints[endpoint];
  return { submitted: s?.submitted ?? 0, failed: s?.failed ?? 0, timedOut: s?.timedOut ?? 0, webhooksSent: s?.webhooksSent ?? 0, webhooksDropped: s?.webhooksDropped ?? 0 };
};
const delta = (endpoint: string, before: ReturnType<typeof gpuStats>) => {
  const now = gpuStats(endpoint);
  return Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - before[k as keyof typeof before]])) as typeof before;
};
const statuses = (events: LoraEvent[]) => events.filter((e) => e.__typename === 'LoraStatusChanged').map((e) => e.loraStatus);
// The status change says so: other events carry the status of their moment (a sheet shot's late score, after a failure, says FAILED too).
const settledOrFailed = (e: LoraEvent) => e.__typename === 'HdModeUnlocked' || (e.__typename === 'LoraStatusChanged' && e.loraStatus === 'FAILED');
const pack = { scene: 'professional_portrait', environment: 'studio', count: 2 };

async function newInfluencer(name: string) {
  const { token } = await createUserWithToken(app.services.db, name, 1000);
  const influencerId = await createInfluencer(app, token, name);
  return { token, influencerId, dbId: decodeId(influencerId, 'Influencer') };
}

/** retrainLora, followed over influencerEvents until HD mode (or a failure). */
async function retrain(token: string, influencerId: string) {
  return eventsDuring(
    app,
    token,
    influencerId,
    async () => {
      const r = await executeOk(app.yoga, RetrainLoraDoc, { input: { influencerId } }, { token });
      expect(r.retrainLora.__typename).toBe('RetrainLoraPayload');
    },
    settledOrFailed,
  );
}

async function packWhenDone(token: string, jobId: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const job = (await executeOk(app.yoga, JobDoc, { id: jobId }, { token })).generationJob!;
    if (!['QUEUED', 'RUNNING'].includes(job.status) || Date.now() > deadline) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The sheet's current renders: a retrain that reuses the sheet keeps them. */
const sheetAssets = async (dbId: string) =>
  (await app.services.db.characterSheetImage.findMany({ where: { sheetJob: { influencerId: dbId } }, orderBy: { index: 'asc' }, select: { asset: { select: { id: true } } } })).map(
    (i) => i.asset?.id,
  );

describe('fault: the LoRA pipeline when the GPU side goes wrong', () => {
  it('a lost training webhook: the reconcile settles the training — one training at the GPU, ready, HdModeUnlocked', async () => {
    const { token, influencerId, dbId } = await newInfluencer('LostHook');
    const before = gpuStats('lora-training');
    app.localGpu!.configure('lora-training', { lostWebhooks: 1 });
    const events = await eventsDuring(app, token, influencerId, () => uploadBase(app, token, influencerId), settledOrFailed);
    expect(events.at(-1)!.__typename).toBe('HdModeUnlocked');
    expect(statuses(events)).toEqual(['GENERATING_SHEETS', 'TRAINING', 'READY']);
    // The training's only webhook was lost: nothing reached our route, the reconcile read /status.
    expect(delta('lora-training', before)).toMatchObject({ submitted: 1, webhooksDropped: 1, webhooksSent: 0 });
    const training = await app.services.db.loraTrainingJob.findFirstOrThrow({ where: { influencerId: dbId }, include: { gpuJob: { include: { tries: true } } } });
    expect(training).toMatchObject({ status: 'completed', error: null });
    expect(training.gpuJob!.tries).toHaveLength(1);
    expect(training.gpuJob!.tries[0]).toMatchObject({ status: 'settled', runpodStatus: 'COMPLETED' });
    expect((await readLora(app, token, influencerId)).lora).toMatchObject({ status: 'READY', training: { status: 'completed' } });
    const attempt = training.gpuJob!.tries[0]!;
    const gpuDoneAt = attempt.submittedAt!.getTime() + (attempt.delayMs ?? 0) + (attempt.executionMs ?? 0);
    await report('lora_lost_training_webhook', {
      trainings_at_gpu: 1,
      webhooks_dropped: 1,
      settled_ms_after_gpu_finished: attempt.settledAt!.getTime() - gpuDoneAt,
      reconcile_interval_ms: 300,
    });
  });

  it('a webhook that arrives while the reconcile is collecting the LoRA waits for that collect: one download, one probe', async () => {
    const { token, influencerId, dbId } = await newInfluencer('LateHook');
    const before = gpuStats('lora-training');
    let image: ReturnType<typeof gpuStats> | undefined;
    let hook: Response | undefined;
    app.localGpu!.configure('lora-training', { lostWebhooks: 1 });
    const events = await eventsDuring(
      app,
      token,
      influencerId,
      async () => {
        await uploadBase(app, token, influencerId);
        // The sheet is rendered once the training is on the GPU: from here the image endpoint sees only the probe, made slow.
        const attempt = (await until(
          'the training on the GPU',
          () => app.services.db.gpuJobAttempt.findFirst({ where: { runpodJobId: { not: null }, gpuJob: { loraTraining: { influencerId: dbId } } } }),
          (a) => !!a,
        ))!;
        app.localGpu!.configure('image', { stepMs: 1500 });
        image = gpuStats('image');
        // The webhook was lost, so the reconcile's settle is collecting: it has downloaded the file and is probing.
        await until(
          'the probe running',
          async () => gpuStats('image').submitted - image!.submitted,
          (n) => n > 0,
        );
        // RunPod delivers the webhook late (its retry): a second settle job while the first holds the key.
        hook = await fetch(`${app.url}/webhooks/runpod/${attempt.webhookToken}`, { method: 'POST', body: JSON.stringify({ id: attempt.runpodJobId, status: 'COMPLETED' }) });
      },
      settledOrFailed,
    );
    app.localGpu!.configure('image', { stepMs: 2 });
    expect(hook?.status).toBe(200);
    expect(events.at(-1)!.__typename).toBe('HdModeUnlocked');
    expect(delta('lora-training', before)).toMatchObject({ submitted: 1, webhooksDropped: 1 });
    // Without the wait the second settle probed (and downloaded) again alongside the first.
    expect(delta('image', image!).submitted).toBe(1);
    const training = await app.services.db.loraTrainingJob.findFirstOrThrow({ where: { influencerId: dbId }, include: { gpuJob: { include: { tries: true } } } });
    expect(training.status).toBe('completed');
    expect(training.gpuJob!.tries).toHaveLength(1);
    await report('lora_webhook_during_collect', { probes: 1, trainings_at_gpu: 1 });
  });

  it('a training that fails permanently: failed with the reason, a face-reference pack made meanwhile completes, retrainLora trains again (same sheet) to HD mode', async () => {
    const { token, influencerId, dbId } = await newInfluencer('TrainFail');
    const before = gpuStats('lora-training');
    app.localGpu!.configure('lora-training', { failures: [{ kind: 'permanent' }] });
    let meanwhile: Awaited<ReturnType<typeof startPack>> | undefined;
    const failed = await eventsDuring(
      app,
      token,
      influencerId,
      async () => {
        await uploadBase(app, token, influencerId);
        meanwhile = await startPack(app, token, { influencerId, ...pack });
      },
      settledOrFailed,
    );
    expect(statuses(failed)).toEqual(['GENERATING_SHEETS', 'TRAINING', 'FAILED']);
    expect(meanwhile!.mode).toBe('FACE_REF');
    const read = await readLora(app, token, influencerId);
    expect(read.loraError).toMatch(/^LoRA training failed: Training failed: the base model file 'flux1-dev\.safetensors' is missing/);
    expect(read.lora).toMatchObject({ status: 'FAILED', error: read.loraError, training: { status: 'failed', error: read.loraError } });
    expect(read.faceMode).toBe('FACE_REF');
    // A permanent failure is not retried: one training ran at the GPU.
    expect(delta('lora-training', before)).toMatchObject({ submitted: 1, failed: 1 });
    expect((await packWhenDone(token, meanwhile!.job.id)).status).toBe('COMPLETED');
    const after = await runPack(app, token, { influencerId, ...pack });
    expect(after.started.mode).toBe('FACE_REF');
    expect(after.job.status).toBe('COMPLETED');

    const sheet = await sheetAssets(dbId);
    app.localGpu!.configure('lora-training', { failures: [] });
    const retrained = await retrain(token, influencerId);
    expect(statuses(retrained)).toEqual(['TRAINING', 'READY']);
    expect(retrained.at(-1)!.__typename).toBe('HdModeUnlocked');
    expect(await app.services.db.characterSheetJob.count({ where: { influencerId: dbId } })).toBe(1);
    expect(await sheetAssets(dbId)).toEqual(sheet);
    expect(await app.services.db.loraTrainingJob.count({ where: { influencerId: dbId } })).toBe(2);
    expect(delta('lora-training', before).submitted).toBe(2);
    expect((await readLora(app, token, influencerId)).lora).toMatchObject({ status: 'READY', error: null, training: { status: 'completed', error: null } });
    await report('lora_training_permanent_failure', { reason: read.loraError, trainings_at_gpu: 2, sheets: 1 });
  });

  it('a training that hangs past its execution timeout: TIMED_OUT at the GPU, failed with the timeout as reason and not retried; retrainLora completes it', async () => {
    const { token, influencerId, dbId } = await newInfluencer('TrainHang');
    const before = gpuStats('lora-training');
    app.localGpu!.configure('lora-training', { failures: [{ kind: 'hang' }] });
    const failed = await eventsDuring(app, token, influencerId, () => uploadBase(app, token, influencerId), settledOrFailed);
    expect(statuses(failed)).toEqual(['GENERATING_SHEETS', 'TRAINING', 'FAILED']);
    const read = await readLora(app, token, influencerId);
    expect(read.loraError).toBe(
      'LoRA training failed: The training ran past its execution timeout of 6 s (GPU_TRAINING_EXECUTION_TIMEOUT_MS) and was stopped; it is not retried by itself.',
    );
    expect(read.lora.training).toMatchObject({ status: 'failed', error: read.loraError });
    // The GPU honoured policy.executionTimeout; the hours a real one ran are not spent again by itself.
    expect(delta('lora-training', before)).toMatchObject({ submitted: 1, timedOut: 1 });
    const attempt = await app.services.db.gpuJobAttempt.findFirstOrThrow({ where: { gpuJob: { loraTraining: { influencerId: dbId } } } });
    expect(attempt).toMatchObject({ runpodStatus: 'TIMED_OUT', status: 'settled' });
    expect(attempt.executionMs).toBeGreaterThanOrEqual(TRAINING_TIMEOUT_MS - 50);

    app.localGpu!.configure('lora-training', { failures: [] });
    const retrained = await retrain(token, influencerId);
    expect(statuses(retrained)).toEqual(['TRAINING', 'READY']);
    expect(retrained.at(-1)!.__typename).toBe('HdModeUnlocked');
    expect(await app.services.db.characterSheetJob.count({ where: { influencerId: dbId } })).toBe(1);
    expect(delta('lora-training', before).submitted).toBe(2);
    await report('lora_training_timeout', { reason: read.loraError, timed_out_after_ms: attempt.executionMs, trainings_at_gpu: 2 });
  });

  it('a probe that fails transiently is probed again — the training is not run (or paid) twice', async () => {
    const { token, influencerId, dbId } = await newInfluencer('ProbeFlaky');
    const training = gpuStats('lora-training');
    const image = gpuStats('image');
    app.localGpu!.configure('image', { failures: [{ kind: 'transient', when: { promptIncludes: 'lora probe' }, times: 2 }] });
    const events = await eventsDuring(app, token, influencerId, () => uploadBase(app, token, influencerId), settledOrFailed);
    expect(events.at(-1)!.__typename).toBe('HdModeUnlocked');
    expect(delta('lora-training', training).submitted).toBe(1);
    // The two injected failures are the only failed image jobs: the third probe loaded the LoRA.
    expect(delta('image', image).failed).toBe(2);
    const job = await app.services.db.loraTrainingJob.findFirstOrThrow({ where: { influencerId: dbId }, include: { gpuJob: { include: { tries: true } } } });
    expect(job.status).toBe('completed');
    expect(job.gpuJob!.attempts).toBe(1);
    expect(job.gpuJob!.tries).toHaveLength(1);
    expect(job.gpuCostUsdMicros).toBe(job.gpuJob!.tries[0]!.costUsdMicros);
    await report('lora_probe_transient', { probes_failed: 2, trainings_at_gpu: 1, training_attempts: 1 });
  });

  it('a probe that fails permanently: the training is failed with the reason (no retraining), face reference works, retrainLora trains again', async () => {
    const { token, influencerId, dbId } = await newInfluencer('ProbeBroken');
    const training = gpuStats('lora-training');
    const image = gpuStats('image');
    app.localGpu!.configure('image', { failures: [{ kind: 'permanent', when: { promptIncludes: 'lora probe' } }] });
    const failed = await eventsDuring(app, token, influencerId, () => uploadBase(app, token, influencerId), settledOrFailed);
    expect(statuses(failed)).toEqual(['GENERATING_SHEETS', 'TRAINING', 'FAILED']);
    const read = await readLora(app, token, influencerId);
    expect(read.loraError).toMatch(/^LoRA training failed: The image endpoint could not load the LoRA: /);
    expect(read.lora.training).toMatchObject({ status: 'failed', error: read.loraError });
    expect(delta('lora-training', training).submitted).toBe(1);
    expect(delta('image', image).failed).toBe(1); // a permanent answer is not probed again
    const stored = await app.services.db.loraTrainingJob.findFirstOrThrow({ where: { influencerId: dbId } });
    expect(stored.modelKey).toBeNull(); // never announced
    const facePack = await runPack(app, token, { influencerId, ...pack });
    expect(facePack.started.mode).toBe('FACE_REF');
    expect(facePack.job.status).toBe('COMPLETED');

    app.localGpu!.configure('image', { failures: [] });
    const retrained = await retrain(token, influencerId);
    expect(statuses(retrained)).toEqual(['TRAINING', 'READY']);
    expect(retrained.at(-1)!.__typename).toBe('HdModeUnlocked');
    // retrainLora trains a new file (a new name on the volume) rather than re-probing the old one.
    const trainings = await app.services.db.loraTrainingJob.findMany({ where: { influencerId: dbId }, orderBy: { createdAt: 'asc' } });
    expect(trainings.map((t) => t.status)).toEqual(['failed', 'completed']);
    expect(delta('lora-training', training).submitted).toBe(2);
    expect((await app.services.db.influencer.findUniqueOrThrow({ where: { id: dbId } })).loraModelKey).toBe(trainings[1]!.modelKey);
    await report('lora_probe_permanent', { reason: read.loraError, probes: 1, trainings_at_gpu: 2 });
  });
});
