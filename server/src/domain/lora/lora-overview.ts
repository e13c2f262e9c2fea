import type { Db } from '../../db/client.js';
import type { CharacterSheetImage, CharacterSheetJob, ImageAsset, Influencer, LoraTrainingJob } from '../../generated/prisma/client.js';
import { shotDone, usableSheetImage } from './finish-sheet.js';
import { estimatedCompletion } from './training-progress.js';

export interface LoraOverview {
  influencer: Influencer;
  /** what the pipeline is doing now: pending, sheet, a trainer stage (queued, downloading, training, saving...), ready, failed */
  stage: string;
  /** 0–1 within the current stage */
  progress: number;
  estimatedCompletionAt: Date | null;
  sheet: (CharacterSheetJob & { images: Array<CharacterSheetImage & { asset: ImageAsset | null }> }) | null;
  training: LoraTrainingJob | null;
  /** the character's LoRA per base model (the one packs of that engine load) */
  models: Array<{ baseModel: 'flux_dev' | 'z_image_turbo'; modelKey: string; triggerWord: string | null; readyAt: Date | null }>;
}

/** The LoRA pipeline of an influencer as the studio shows it: the latest sheet and training of its current base image. */
export async function loraOverview(db: Db, influencer: Influencer): Promise<LoraOverview> {
  const sheet = influencer.baseImageAssetId
    ? await db.characterSheetJob.findFirst({
        where: { influencerId: influencer.id, baseAssetId: influencer.baseImageAssetId },
        orderBy: { createdAt: 'desc' },
        include: { images: { orderBy: { index: 'asc' }, include: { asset: true } } },
      })
    : null;
  const trainings = sheet ? await db.loraTrainingJob.findMany({ where: { characterSheetJobId: sheet.id }, orderBy: { createdAt: 'desc' } }) : [];
  // The training the status follows: Flux's when the sheet has one, else the only base model's.
  const training = trainings.find((t) => t.baseModel === 'flux_dev') ?? trainings[0] ?? null;
  const models = await loraModels(db, influencer);
  const status = influencer.loraStatus;
  if (status === 'generating_sheets' && sheet) {
    const done = sheet.images.filter((i) => shotDone(i) && usableSheetImage(i)).length;
    return { influencer, stage: 'sheet', progress: done / Math.max(1, sheet.targetCount), estimatedCompletionAt: null, sheet, training, models };
  }
  if (status === 'training' && training) {
    const eta = estimatedCompletion(training.startedAt, training.step, training.steps);
    return { influencer, stage: training.stage ?? 'queued', progress: training.step / Math.max(1, training.steps), estimatedCompletionAt: eta, sheet, training, models };
  }
  const stage = status === 'generating_sheets' ? 'sheet' : status;
  return { influencer, stage, progress: status === 'ready' ? 1 : 0, estimatedCompletionAt: null, sheet, training, models };
}

async function loraModels(db: Db, influencer: Influencer): Promise<LoraOverview['models']> {
  const keys = [
    { baseModel: 'flux_dev' as const, modelKey: influencer.loraModelKey },
    { baseModel: 'z_image_turbo' as const, modelKey: influencer.zImageLoraModelKey },
  ].filter((k): k is { baseModel: 'flux_dev' | 'z_image_turbo'; modelKey: string } => !!k.modelKey);
  if (keys.length === 0) return [];
  const trainings = await db.loraTrainingJob.findMany({ where: { influencerId: influencer.id, modelKey: { in: keys.map((k) => k.modelKey) } } });
  return keys.map((k) => {
    const t = trainings.find((r) => r.modelKey === k.modelKey);
    return { ...k, triggerWord: t?.triggerWord ?? influencer.triggerWord, readyAt: t?.completedAt ?? null };
  });
}
