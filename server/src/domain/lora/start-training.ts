import type { Env } from '../../config/env.js';
import type { Db, Tx } from '../../db/client.js';
import { recordEvent } from '../analytics/record-event.js';
import { createGpuJobs } from '../gpu-jobs/create.js';
import { setLoraStatus } from '../influencers/set-lora-status.js';
import { lockInfluencer } from './locks.js';
import { triggerWordFor } from './sheet-prompt.js';

/** Starts the LoRA training of a completed sheet, once (the queue's lora_training_start). */
export function startTrainingForSheet(db: Db, env: Env, sheetJobId: string): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const sheet = await tx.characterSheetJob.findUnique({ where: { id: sheetJobId } });
    if (!sheet) return [];
    await lockInfluencer(tx, sheet.influencerId);
    return startTrainingInTx(tx, env, sheetJobId);
  });
}

/** The base model whose LoRA makes the influencer `ready` (HD mode): Flux when it is trained, else the only one. */
export const primaryBaseModel = (env: Pick<Env, 'LORA_BASE_MODELS'>) => (env.LORA_BASE_MODELS.includes('flux_dev') ? 'flux_dev' : env.LORA_BASE_MODELS[0]!);

/**
 * Inside a transaction that holds the influencer lock: for each configured base model
 * (LORA_BASE_MODELS) that has no live or finished training of this sheet yet, one
 * LoraTrainingJob and its GPU job (kind lora_training, the training endpoint with its long
 * execution timeout), all from the same dataset; the influencer moves to `training` when the
 * primary one starts. Idempotent per base model: a sheet of an older base image starts nothing.
 * Returns the ids of the trainings started.
 */
export async function startTrainingInTx(tx: Tx, env: Env, sheetJobId: string): Promise<string[]> {
  const sheet = await tx.characterSheetJob.findUniqueOrThrow({ where: { id: sheetJobId }, include: { influencer: true } });
  if (sheet.status !== 'completed' || sheet.influencer.baseImageAssetId !== sheet.baseAssetId) return [];
  const existing = await tx.loraTrainingJob.findMany({
    where: { characterSheetJobId: sheet.id, status: { in: ['pending', 'running', 'completed'] } },
    select: { baseModel: true },
  });
  const missing = env.LORA_BASE_MODELS.filter((m) => !existing.some((t) => t.baseModel === m));
  const triggerWord = sheet.influencer.triggerWord ?? triggerWordFor(sheet.influencerId);
  const started: string[] = [];
  for (const baseModel of missing) {
    const training = await tx.loraTrainingJob.create({
      data: { userId: sheet.userId, influencerId: sheet.influencerId, characterSheetJobId: sheet.id, baseModel, triggerWord, steps: env.LORA_TRAINING_STEPS, stage: 'queued' },
    });
    await createGpuJobs(tx, env, [{ kind: 'lora_training', userId: sheet.userId, endpoint: 'training', owner: { loraTrainingJobId: training.id } }]);
    await recordEvent(tx, {
      userId: sheet.userId,
      influencerId: sheet.influencerId,
      name: 'lora_training_started',
      source: 'server',
      properties: { influencer_id: sheet.influencerId, training_id: training.id, sheet_id: sheet.id, steps: training.steps, base_model: baseModel },
    });
    started.push(training.id);
  }
  if (missing.includes(primaryBaseModel(env))) await setLoraStatus(tx, sheet.influencerId, 'training', { triggerWord });
  return started;
}
