import type { Env } from '../../config/env.js';
import type { Tx } from '../../db/client.js';
import { recordEvent } from '../analytics/record-event.js';
import { newSeed } from '../generation/generate-images.js';
import { createGpuJobs } from '../gpu-jobs/create.js';
import { setLoraStatus } from '../influencers/set-lora-status.js';
import { triggerWordFor } from './sheet-prompt.js';
import { SHEET_SHOTS } from './sheet-shots.js';

/**
 * Starts a character sheet of the influencer's current base image, inside the caller's
 * transaction: the sheet, one image per shot with its own seed, one GPU job each (kind
 * sheet_image), and the influencer moves to generating_sheets. Returns the sheet's id.
 */
export async function startSheetInTx(tx: Tx, env: Env, influencerId: string): Promise<string> {
  const influencer = await tx.influencer.findUniqueOrThrow({ where: { id: influencerId } });
  if (!influencer.baseImageAssetId) throw new Error('A character sheet needs a base image');
  const sheet = await tx.characterSheetJob.create({
    data: {
      userId: influencer.userId,
      influencerId,
      baseAssetId: influencer.baseImageAssetId,
      targetCount: SHEET_SHOTS.length,
      status: 'running',
      startedAt: new Date(),
      images: { create: SHEET_SHOTS.map((shot, index) => ({ index, shot: shot.key, seed: newSeed(), userId: influencer.userId })) },
    },
    include: { images: { select: { id: true } } },
  });
  await createGpuJobs(
    tx,
    env,
    sheet.images.map((image) => ({ kind: 'sheet_image' as const, userId: influencer.userId, endpoint: 'image' as const, owner: { characterSheetImageId: image.id } })),
  );
  if (!influencer.triggerWord) await tx.influencer.update({ where: { id: influencerId }, data: { triggerWord: triggerWordFor(influencerId) } });
  await setLoraStatus(tx, influencerId, 'generating_sheets');
  await recordEvent(tx, {
    userId: influencer.userId,
    influencerId,
    name: 'character_sheet_generation_started',
    source: 'server',
    properties: { influencer_id: influencerId, sheet_id: sheet.id, image_count: SHEET_SHOTS.length },
  });
  return sheet.id;
}
