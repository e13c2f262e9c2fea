import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../../src/api/types/ids.js';
import { gpuKindRunners } from '../../src/tasks/gpu/kinds.js';
import { graphql } from '../generated/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { executeOk } from '../helpers/graphql.js';
import { runPack } from '../helpers/packs.js';
import { influencerWithFace } from '../helpers/studio.js';
import { createUserWithToken } from '../helpers/users.js';
import { until } from '../helpers/until.js';

const ZPackModeDoc = graphql(`
  query ZOnlyPackMode($id: ID!) {
    generationJob(id: $id) {
      mode
      engine
      modeNote
      hdUpgradeAvailable
      loraUsed {
        modelKey
      }
      images {
        asset {
          mode
          loraUsed {
            modelKey
          }
        }
      }
      influencer {
        lora {
          models {
            baseModel
            modelKey
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
      LORA_BASE_MODELS: 'z_image_turbo',
      LORA_TRAINING_STEPS: '20',
      LOCAL_GPU_TRAINING_STEP_MS: '10',
      LOCAL_GPU_WORKERS: '10',
      LOCAL_GPU_STEP_MS: '2',
      GPU_RETRY_BACKOFF_MS: '50',
    },
  });
});
afterAll(() => app?.close());

describe('LORA_BASE_MODELS=z_image_turbo: the Z-Image LoRA is the primary one', () => {
  it('makes the influencer ready and HD mode on Z-Image; Flux packs fall back to face reference and say so', async () => {
    const { user, token } = await createUserWithToken(app.services.db, 'ZOnly', 100);
    const influencerId = await influencerWithFace(app, token);
    const dbId = decodeId(influencerId, 'Influencer');
    const ready = await until(
      'the LoRA',
      () => app.services.db.influencer.findUniqueOrThrow({ where: { id: dbId } }),
      (i) => i.loraStatus === 'ready' || i.loraStatus === 'failed',
    );
    expect(ready).toMatchObject({ loraStatus: 'ready', loraModelKey: null, zImageLoraModelKey: expect.any(String) });
    expect((await app.services.db.loraTrainingJob.findMany({ where: { influencerId: dbId } })).map((t) => t.baseModel)).toEqual(['z_image_turbo']);
    expect(await app.services.db.analyticsEvent.count({ where: { userId: user.id, name: 'lora_mode_activated' } })).toBe(1);

    const turbo = await runPack(app, token, { influencerId, scene: 'professional_portrait', environment: 'studio', count: 1, engine: 'Z_IMAGE_TURBO', aspectRatio: 'SQUARE_1_1' });
    const z = (await executeOk(app.yoga, ZPackModeDoc, { id: turbo.started.job.id }, { token })).generationJob!;
    expect(z).toMatchObject({
      mode: 'LORA',
      modeNote: null,
      loraUsed: { modelKey: ready.zImageLoraModelKey },
      images: [{ asset: { mode: 'LORA', loraUsed: { modelKey: ready.zImageLoraModelKey } } }],
    });
    const gpuJob = await app.services.db.gpuJob.findFirstOrThrow({ where: { generationItem: { jobId: decodeId(turbo.started.job.id, 'GenerationJob') } } });
    const input = (await gpuKindRunners(app.services).image!.buildInput(gpuJob)) as { workflow: Record<string, { class_type: string; inputs: Record<string, unknown> }> };
    expect(Object.values(input.workflow).find((n) => n.class_type === 'LoraLoaderModelOnly')?.inputs.lora_name).toBe(ready.zImageLoraModelKey);

    const flux = await runPack(app, token, { influencerId, scene: 'professional_portrait', environment: 'studio', count: 1 });
    const f = (await executeOk(app.yoga, ZPackModeDoc, { id: flux.started.job.id }, { token })).generationJob!;
    expect(f).toMatchObject({
      mode: 'FACE_REF',
      modeNote: 'No Flux LoRA of this character yet: face reference was used. HD mode applies to Z-Image-Turbo packs.',
      loraUsed: null,
      influencer: { lora: { models: [{ baseModel: 'Z_IMAGE_TURBO', modelKey: ready.zImageLoraModelKey }] } },
    });
  }, 150_000);
});
