import type { Env } from '../../config/env.js';
import type { Db, Tx } from '../../db/client.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { lockInfluencer } from './locks.js';
import { startSheetInTx } from './start-sheet.js';
import { startTrainingInTx } from './start-training.js';

/**
 * Restarts an influencer's LoRA pipeline from what is missing: the trainings (per base model)
 * the current base image's completed sheet lacks, else a new sheet. Idempotent: while a sheet
 * runs, or once every base model has a training that runs or completed, it starts nothing.
 */
export async function retrainLora(db: Db, env: Env, userId: string, influencerId: string) {
  return db.$transaction(async (tx) => {
    const found = await tx.influencer.findFirst({ where: { id: influencerId, userId }, select: { id: true } });
    if (!found) throw new NotFoundError('Influencer', influencerId);
    await lockInfluencer(tx, influencerId);
    await continuePipelineInTx(tx, env, influencerId);
    return tx.influencer.findUniqueOrThrow({ where: { id: influencerId } });
  });
}

/** The pipeline step the influencer needs now (the caller holds the influencer lock). */
export async function continuePipelineInTx(tx: Tx, env: Env, influencerId: string): Promise<void> {
  const influencer = await tx.influencer.findUniqueOrThrow({ where: { id: influencerId } });
  if (!influencer.baseImageAssetId) {
    throw new InvalidInputError('Upload a base image first: the character sheet is made from it.', [{ path: ['influencerId'], message: 'NO_BASE_IMAGE' }]);
  }
  const sheet = await tx.characterSheetJob.findFirst({ where: { influencerId, baseAssetId: influencer.baseImageAssetId }, orderBy: { createdAt: 'desc' } });
  if (sheet?.status === 'running' || sheet?.status === 'pending') return;
  // A completed sheet: the trainings missing for it, per base model (none once each has one that runs or completed).
  if (sheet?.status === 'completed') {
    await startTrainingInTx(tx, env, sheet.id);
    return;
  }
  if (influencer.loraStatus === 'ready') return;
  await startSheetInTx(tx, env, influencerId);
}
