import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../src/api/types/ids.js';
import { creditBalance, grantCredits } from '../../src/domain/credits/ledger.js';
import { gpuKindRunners } from '../../src/tasks/gpu/kinds.js';
import { graphql } from '../generated/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { startPack } from '../helpers/packs.js';
import { influencerWithFace } from '../helpers/studio.js';
import { createUserWithToken } from '../helpers/users.js';
import { until } from '../helpers/until.js';

const UpgradeDoc = graphql(`
  mutation UpgradePackToHd($input: UpgradePackToHdInput!) {
    upgradePackToHd(input: $input) {
      __typename
      ... on UpgradePackToHdPayload {
        created
        job {
          id
          mode
          status
        }
      }
      ... on InvalidInput {
        issues {
          path
          message
        }
      }
      ... on InsufficientCredits {
        required
        available
      }
      ... on Error {
        message
        code
      }
    }
  }
`);

const HdPackDoc = graphql(`
  query HdPack($id: ID!) {
    generationJob(id: $id) {
      id
      status
      mode
      engine
      scene
      environment
      outfit
      quality
      aspectRatio
      width
      height
      prompt
      pricePerImage
      creditsReserved
      hdUpgradeAvailable
      upgradedFrom {
        id
      }
      hdUpgrade {
        id
      }
      loraUsed {
        modelKey
        triggerWord
      }
      images {
        index
        seed
        asset {
          id
          mode
          seed
          prompt
          identityStatus
          identityScore
          source {
            id
          }
          derived {
            id
          }
        }
      }
    }
  }
`);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    worker: true,
    env: {
      LORA_PIPELINE: 'on',
      LORA_TRAINING_STEPS: '20',
      LORA_PROGRESS_POLL_MS: '40',
      LOCAL_GPU_TRAINING_STEP_MS: '20',
      LOCAL_GPU_WORKERS: '10',
      LOCAL_GPU_STEP_MS: '2',
      GPU_RETRY_BACKOFF_MS: '50',
      RECONCILE_INTERVAL_MS: '300',
      RECONCILE_MIN_AGE_MS: '500',
    },
  });
});
afterAll(() => app?.close());

const FINISHED = ['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED'];
const readPack = async (token: string, id: string) => (await executeOk(app.yoga, HdPackDoc, { id }, { token })).generationJob!;
const finishedPack = (token: string, id: string) =>
  until(
    `pack ${id}`,
    () => readPack(token, id),
    (p) => FINISHED.includes(p.status),
  );
const loraStatus = (influencerId: string) => app.services.db.influencer.findUniqueOrThrow({ where: { id: decodeId(influencerId, 'Influencer') } }).then((i) => i.loraStatus);
const upgrade = async (token: string, jobId: string, idempotencyKey?: string) =>
  (await executeOk(app.yoga, UpgradeDoc, { input: { jobId, idempotencyKey } }, { token })).upgradePackToHd;
const codeOf = (r: Awaited<ReturnType<typeof upgrade>>) => (r.__typename === 'InvalidInput' ? r.issues[0]!.message.split(':')[0] : 'code' in r ? r.code : r.__typename);

describe('upgradePackToHd', () => {
  it('re-renders a finished face-reference pack with the LoRA: same settings and seeds, lineage both ways, scores on both, one charge', async () => {
    const { user, token } = await createUserWithToken(app.services.db, 'Hd', 3);
    // The first trainings (Flux and Z-Image) fail: the influencer has no LoRA while the pack is checked for NO_LORA.
    app.localGpu!.configure('lora-training', { failures: [{ kind: 'permanent', times: 2 }] });
    const influencerId = await influencerWithFace(app, token);
    const started = await startPack(app, token, { influencerId, scene: 'beach_day', environment: 'urban_street', count: 2, quality: 'DRAFT', aspectRatio: 'SQUARE_1_1' });
    expect(started.mode).toBe('FACE_REF');
    const packId = started.job.id;
    // Asked while the pack still renders (it was just queued).
    expect(codeOf(await upgrade(token, packId))).toBe('PACK_NOT_FINISHED');

    const original = await finishedPack(token, packId);
    expect(original.status).toBe('COMPLETED');
    await until(
      'the failed training',
      () => loraStatus(influencerId),
      (s) => s === 'failed',
    );
    const noLora = await upgrade(token, packId);
    expect(codeOf(noLora)).toBe('NO_LORA');
    expect(noLora).toMatchObject({ __typename: 'InvalidInput', message: 'HD mode unlocks when the character LoRA is trained.' });
    expect((await readPack(token, packId)).hdUpgradeAvailable).toBe(false);

    const retrain = graphql(`
      mutation HdRetrain($input: RetrainLoraInput!) {
        retrainLora(input: $input) {
          __typename
        }
      }
    `);
    expect((await executeOk(app.yoga, retrain, { input: { influencerId } }, { token })).retrainLora.__typename).toBe('RetrainLoraPayload');
    await until(
      'the LoRA',
      () => loraStatus(influencerId),
      (s) => s === 'ready' || s === 'failed',
    );
    expect(await loraStatus(influencerId)).toBe('ready');
    expect((await readPack(token, packId)).hdUpgradeAvailable).toBe(true);

    // 3 credits − 2 for the pack: the HD pack (2 × Draft) does not fit, and nothing is written.
    const jobsBefore = await app.services.db.generationJob.count({ where: { userId: user.id } });
    const poor = await upgrade(token, packId, 'hd-1');
    expect(poor).toMatchObject({ __typename: 'InsufficientCredits', code: 'INSUFFICIENT_CREDITS', required: 2, available: 1 });
    expect(await app.services.db.generationJob.count({ where: { userId: user.id } })).toBe(jobsBefore);
    await app.services.db.$transaction((tx) => grantCredits(tx, user.id, 10, `test:hd:${user.id}`, 'test'));

    const first = await upgrade(token, packId, 'hd-1');
    if (first.__typename !== 'UpgradePackToHdPayload') throw new Error(JSON.stringify(first));
    expect(first).toMatchObject({ created: true, job: { mode: 'LORA' } });
    const balance = await creditBalance(app.services.db, user.id);
    expect(balance).toBe(11 - 2);
    // Again with the key, and without one while it runs or once done: the same pack, no charge.
    const again = await upgrade(token, packId, 'hd-1');
    expect(again).toMatchObject({ __typename: 'UpgradePackToHdPayload', created: false, job: { id: first.job.id } });
    const [keyless, keyless2] = await Promise.all([upgrade(token, packId), upgrade(token, packId, 'hd-2')]);
    expect(keyless).toMatchObject({ created: false, job: { id: first.job.id } });
    expect(keyless2).toMatchObject({ created: false, job: { id: first.job.id } });
    expect(await creditBalance(app.services.db, user.id)).toBe(balance);
    expect(await app.services.db.generationJob.count({ where: { upgradedFromId: decodeId(packId, 'GenerationJob') } })).toBe(1);

    const hd = await finishedPack(token, first.job.id);
    expect(hd.status).toBe('COMPLETED');
    const before = await readPack(token, packId);
    const t = await app.services.db.influencer.findUniqueOrThrow({ where: { id: decodeId(influencerId, 'Influencer') } });
    expect(hd).toMatchObject({
      mode: 'LORA',
      engine: before.engine,
      scene: 'beach_day',
      environment: 'urban_street',
      outfit: before.outfit,
      quality: before.quality,
      aspectRatio: before.aspectRatio,
      width: before.width,
      height: before.height,
      pricePerImage: before.pricePerImage,
      creditsReserved: 2,
      prompt: `${t.triggerWord}, ${before.prompt}`,
      upgradedFrom: { id: packId },
      hdUpgrade: null,
      hdUpgradeAvailable: false,
      loraUsed: { modelKey: t.loraModelKey, triggerWord: t.triggerWord },
    });
    expect(before).toMatchObject({ hdUpgrade: { id: first.job.id }, upgradedFrom: null, hdUpgradeAvailable: false });
    expect(hd.images).toHaveLength(before.images.length);
    for (const [i, image] of hd.images.entries()) {
      const source = before.images[i]!;
      expect(image.index).toBe(source.index);
      expect(image.seed).toBe(source.asset!.seed);
      expect(image.asset).toMatchObject({ mode: 'LORA', seed: source.asset!.seed, source: { id: source.asset!.id } });
      expect(image.asset!.prompt!.startsWith(`${t.triggerWord}, `)).toBe(true);
      expect(source.asset!.derived.map((d) => d.id)).toContain(image.asset!.id);
      // Both identity scores, for the side-by-side.
      expect(image.asset!.identityScore).toEqual(expect.any(Number));
      expect(source.asset!.identityScore).toEqual(expect.any(Number));
    }
    // The LoRA loader is in the workflow the GPU receives.
    const gpuJob = await app.services.db.gpuJob.findFirstOrThrow({ where: { generationItem: { jobId: decodeId(first.job.id, 'GenerationJob') } } });
    const input = (await gpuKindRunners(app.services).image!.buildInput(gpuJob)) as { workflow: Record<string, { class_type: string; inputs: Record<string, unknown> }> };
    expect(Object.values(input.workflow).find((n) => n.class_type === 'LoraLoaderModelOnly')?.inputs.lora_name).toBe(t.loraModelKey);
    // Charged like a new pack of that size; the finished HD pack is still the upgrade.
    expect(await creditBalance(app.services.db, user.id)).toBe(11 - 2);
    expect(await upgrade(token, packId)).toMatchObject({ created: false, job: { id: first.job.id } });

    expect(codeOf(await upgrade(token, first.job.id))).toBe('ALREADY_HD');
    const events = await app.services.db.analyticsEvent.findMany({ where: { userId: user.id, name: 'pack_hd_upgrade_started' } });
    expect(events).toHaveLength(1);
    expect(events[0]!.properties).toMatchObject({ source_job_id: decodeId(packId, 'GenerationJob'), count: 2, mode: 'lora' });

    // Another user's pack, or a malformed id: not found.
    const { token: other } = await createUserWithToken(app.services.db, 'HdOther', 100);
    expect(await upgrade(other, packId)).toMatchObject({ __typename: 'NotFound', code: 'NOT_FOUND' });
    expect(await upgrade(token, 'nope')).toMatchObject({ __typename: 'NotFound', code: 'NOT_FOUND' });
    expect((await executeOk(app.yoga, HdPackDoc, { id: packId }, { token: other })).generationJob).toBeNull();
  }, 200_000);
});
