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

const PackModeDoc = graphql(`
  query PackMode($id: ID!) {
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

const UpgradeDoc = graphql(`
  mutation BaseModelsUpgrade($input: UpgradePackToHdInput!) {
    upgradePackToHd(input: $input) {
      __typename
      ... on InvalidInput {
        issues {
          message
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
      LORA_BASE_MODELS: 'flux_dev',
      LORA_TRAINING_STEPS: '20',
      LOCAL_GPU_TRAINING_STEP_MS: '10',
      LOCAL_GPU_WORKERS: '10',
      LOCAL_GPU_STEP_MS: '2',
      GPU_RETRY_BACKOFF_MS: '50',
    },
  });
});
afterAll(() => app?.close());

describe('LORA_BASE_MODELS=flux_dev: no Z-Image LoRA', () => {
  it('trains the Flux LoRA only; a Z-Image pack falls back to face reference and says so, a Flux pack is LORA', async () => {
    const { token } = await createUserWithToken(app.services.db, 'FluxOnly', 100);
    const influencerId = await influencerWithFace(app, token);
    const dbId = decodeId(influencerId, 'Influencer');
    const ready = await until(
      'the LoRA',
      () => app.services.db.influencer.findUniqueOrThrow({ where: { id: dbId } }),
      (i) => i.loraStatus === 'ready' || i.loraStatus === 'failed',
    );
    expect(ready).toMatchObject({ loraStatus: 'ready', zImageLoraModelKey: null });
    expect((await app.services.db.loraTrainingJob.findMany({ where: { influencerId: dbId } })).map((t) => t.baseModel)).toEqual(['flux_dev']);

    const turbo = await runPack(app, token, { influencerId, scene: 'professional_portrait', environment: 'studio', count: 1, engine: 'Z_IMAGE_TURBO', aspectRatio: 'SQUARE_1_1' });
    expect(turbo.job.status).toBe('COMPLETED');
    const z = (await executeOk(app.yoga, PackModeDoc, { id: turbo.started.job.id }, { token })).generationJob!;
    expect(z).toMatchObject({
      mode: 'FACE_REF',
      engine: 'Z_IMAGE_TURBO',
      modeNote: 'No Z-Image LoRA of this character yet: face reference was used. HD mode applies to Flux packs.',
      loraUsed: null,
      hdUpgradeAvailable: false,
      images: [{ asset: { mode: 'FACE_REF', loraUsed: null } }],
      influencer: { lora: { models: [{ baseModel: 'FLUX_DEV', modelKey: ready.loraModelKey }] } },
    });
    // Face reference on Z-Image is ReActor; no LoRA loader.
    const gpuJob = await app.services.db.gpuJob.findFirstOrThrow({ where: { generationItem: { jobId: decodeId(turbo.started.job.id, 'GenerationJob') } } });
    const input = (await gpuKindRunners(app.services).image!.buildInput(gpuJob)) as { workflow: Record<string, { class_type: string }> };
    expect(Object.values(input.workflow).some((n) => n.class_type === 'ReActorFaceSwap')).toBe(true);
    expect(Object.values(input.workflow).some((n) => n.class_type === 'LoraLoaderModelOnly')).toBe(false);
    // No LoRA for its engine: no HD upgrade of the Z-Image pack.
    const noLora = (await executeOk(app.yoga, UpgradeDoc, { input: { jobId: turbo.started.job.id } }, { token })).upgradePackToHd;
    expect(noLora).toMatchObject({ __typename: 'InvalidInput', issues: [{ message: expect.stringMatching(/^NO_LORA: /) }] });

    const flux = await runPack(app, token, { influencerId, scene: 'professional_portrait', environment: 'studio', count: 1 });
    const f = (await executeOk(app.yoga, PackModeDoc, { id: flux.started.job.id }, { token })).generationJob!;
    expect(f).toMatchObject({
      mode: 'LORA',
      engine: 'FLUX_DEV',
      modeNote: null,
      loraUsed: { modelKey: ready.loraModelKey },
      images: [{ asset: { mode: 'LORA', loraUsed: { modelKey: ready.loraModelKey } } }],
    });
  }, 150_000);
});
