import type { Db } from '../../db/client.js';
import { publishInfluencerEventInTx } from '../events/topics.js';

/** What a trainer reports while IN_PROGRESS. */
export interface TrainerProgress {
  stage: string;
  step: number;
  total: number;
}

/** Reads a trainer's progress_update payload defensively (anything else is not progress). */
export function trainerProgressOf(output: unknown): TrainerProgress | null {
  const o = output as Partial<TrainerProgress> | null | undefined;
  if (!o || typeof o.stage !== 'string' || typeof o.step !== 'number' || typeof o.total !== 'number' || o.total <= 0) return null;
  return { stage: o.stage.slice(0, 40), step: Math.max(0, Math.min(o.total, Math.floor(o.step))), total: Math.floor(o.total) };
}

/** When the steps left will be done at the pace of the steps so far (null before the first step). */
export function estimatedCompletion(startedAt: Date | null, step: number, total: number, now = Date.now()): Date | null {
  if (!startedAt || step <= 0 || total <= 0) return null;
  const elapsed = now - startedAt.getTime();
  return new Date(startedAt.getTime() + (elapsed * total) / step);
}

/**
 * Records a running training's stage and step and tells the influencer's subscribers
 * (LoraTrainingProgress) — only when something moved, and never on a training that ended.
 */
export async function recordTrainingProgress(db: Db, loraTrainingJobId: string, p: TrainerProgress): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "LoraTrainingJob" WHERE id = ${loraTrainingJobId}::uuid FOR UPDATE`;
    const training = await tx.loraTrainingJob.findUnique({ where: { id: loraTrainingJobId }, include: { influencer: { select: { loraStatus: true } } } });
    if (!training || training.status !== 'running' || (training.stage === p.stage && training.step === p.step)) return false;
    const updated = await tx.loraTrainingJob.update({
      where: { id: training.id },
      data: { stage: p.stage, step: p.step, progress: Math.round((p.step / p.total) * 100) },
    });
    const eta = estimatedCompletion(updated.startedAt, p.step, p.total);
    await publishInfluencerEventInTx(tx, training.userId, {
      kind: 'lora_training_progress',
      influencerId: training.influencerId,
      loraStatus: training.influencer.loraStatus,
      stage: p.stage,
      step: p.step,
      total: p.total,
      estimatedCompletionAt: eta?.toISOString() ?? null,
    });
    return true;
  });
}
