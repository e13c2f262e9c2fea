import type { Env } from '../../config/env.js';
import type { Db, Tx } from '../../db/client.js';
import { recordEvent } from '../analytics/record-event.js';
import { createGpuJobs } from '../gpu-jobs/create.js';
import { setLoraStatus } from '../influencers/set-lora-status.js';
import { lockInfluencer } from './locks.js';
import { triggerWordFor } from './sheet-prompt.js';

/** Starts the LoRA training of a completed sheet, once (the queue's lora_training_start). */
export function startTrainingForSheet(db: Db, env: Env, sheetJobId: string): Promise<string | null> {
  return db.$transaction(async (tx) => {
    const sheet = await tx.characterSheetJob.findUnique({ where: { id: sheetJobId } });
    if (!sheet) return null;
    await lockInfluencer(tx, sheet.influencerId);
    return startTrainingInTx(tx, env, sheetJobId);
  });
}

/**
 * Inside a transaction that holds the influencer lock: one LoraTrainingJob and its GPU job (kind
 * lora_training, the training endpoint with its long execution timeout) for a completed sheet of
 * the current base image; the influencer moves to `training`. Idempotent: a sheet that already
 * has a live or finished training, or a sheet of an older base image, starts nothing.
 */
export async function startTrainingInTx(tx: Tx, env: Env, sheetJobId: string): Promise<string | null> {
  const sheet = await tx.characterSheetJob.findUniqueOrThrow({ where: { id: sheetJobId }, include: { influencer: true } });
  if (sheet.status !== 'completed' || sheet.influencer.baseImageAssetId !== sheet.baseAssetId) return null;
  const existing = await tx.loraTrainingJob.findFirst({ where: { characterSheetJobId: sheet.id, status: { in: ['pending', 'running', 'completed'] } } });
  if (existing) return existing.id;
  const triggerWord = sheet.influencer.triggerWord ?? triggerWordFor(sheet.influencerId);
  const training = await tx.loraTrainingJob.create({
    data: { userId: sheet.userId, influencerId: sheet.influencerId, characterSheetJobId: sheet.id, triggerWord, steps: env.LORA_TRAINING_STEPS, stage: 'queued' },
  });
  await createGpuJobs(tx, env, [{ kind: 'lora_training', userId: sheet.userId, endpoint: 'training', owner: { loraTrainingJobId: training.id } }]);
  await setLoraStatus(tx, sheet.influencerId, 'training', { triggerWord });
  await recordEvent(tx, {
    userId: sheet.userId,
    influencerId: sheet.influencerId,
    name: 'lora_training_started',
    source: 'server',
    properties: { influencer_id: sheet.influencerId, training_id: training.id, sheet_id: sheet.id, steps: training.steps },
  });
  return training.id;
}
