import type { Env } from '../../config/env.js';
import type { Db, Tx } from '../../db/client.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { lockInfluencer } from './locks.js';
import { startSheetInTx } from './start-sheet.js';
import { startTrainingInTx } from './start-training.js';

/**
 * Restarts an influencer's LoRA pipeline from what is missing: a training when the current base
 * image has a completed sheet, else a new sheet. Idempotent: while a sheet or a training is
 * running, or once the LoRA is ready, it starts nothing.
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
  if (influencer.loraStatus === 'ready') return;
  const sheet = await tx.characterSheetJob.findFirst({ where: { influencerId, baseAssetId: influencer.baseImageAssetId }, orderBy: { createdAt: 'desc' } });
  if (sheet?.status === 'running' || sheet?.status === 'pending') return;
  if (sheet?.status === 'completed') {
    const live = await tx.loraTrainingJob.findFirst({ where: { characterSheetJobId: sheet.id, status: { in: ['pending', 'running'] } } });
    if (!live) await startTrainingInTx(tx, env, sheet.id);
    return;
  }
  await startSheetInTx(tx, env, influencerId);
}
