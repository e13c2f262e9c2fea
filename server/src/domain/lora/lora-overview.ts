import type { Db } from '../../db/client.js';
import type { CharacterSheetImage, CharacterSheetJob, ImageAsset, Influencer, LoraTrainingJob } from '../../generated/prisma/client.js';
import { usableSheetImage } from './finish-sheet.js';
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
  const training = sheet ? await db.loraTrainingJob.findFirst({ where: { characterSheetJobId: sheet.id }, orderBy: { createdAt: 'desc' } }) : null;
  const status = influencer.loraStatus;
  if (status === 'generating_sheets' && sheet) {
    const done = sheet.images.filter((i) => i.status === 'completed' && i.asset?.identityStatus !== 'pending' && usableSheetImage(i)).length;
    return { influencer, stage: 'sheet', progress: done / Math.max(1, sheet.targetCount), estimatedCompletionAt: null, sheet, training };
  }
  if (status === 'training' && training) {
    const eta = estimatedCompletion(training.startedAt, training.step, training.steps);
    return { influencer, stage: training.stage ?? 'queued', progress: training.step / Math.max(1, training.steps), estimatedCompletionAt: eta, sheet, training };
  }
  const stage = status === 'generating_sheets' ? 'sheet' : status;
  return { influencer, stage, progress: status === 'ready' ? 1 : 0, estimatedCompletionAt: null, sheet, training };
}
