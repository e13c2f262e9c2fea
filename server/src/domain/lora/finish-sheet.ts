import type { Tx } from '../../db/client.js';
import type { CharacterSheetImage, ImageAsset } from '../../generated/prisma/client.js';
import { enqueue } from '../../queue/catalog.js';
import { recordEvent } from '../analytics/record-event.js';
import { setLoraStatus } from '../influencers/set-lora-status.js';
import { MIN_SHEET_IMAGES, shotOf } from './sheet-shots.js';

type ImageWithAsset = CharacterSheetImage & { asset: ImageAsset | null };

/**
 * A rendered shot the sheet is done with: scored (or scoring is off), or a back view — never
 * replaced, so the sheet does not wait for its score: that one is queued when the sheet ends
 * (below) and lands on the asset later.
 */
export const shotDone = (i: { status: string; shot: string; asset: { identityStatus: string | null } | null }) =>
  i.status === 'completed' && (i.asset?.identityStatus !== 'pending' || !shotOf(i.shot).faceVisible);

/** An image the sheet no longer waits for: failed, or done. */
const settled = (i: ImageWithAsset) => ['failed', 'cancelled'].includes(i.status) || shotDone(i);

/** A rendered image a LoRA may learn from: its face matches, or it shows no face by design (a back view). */
export const usableSheetImage = (i: ImageWithAsset) =>
  i.status === 'completed' && i.asset !== null && !(i.asset.identityStatus === 'drifted' && shotOf(i.shot).faceVisible) && i.asset.identityStatus !== 'failed';

/**
 * Ends a sheet once every image is settled (the caller holds the sheet lock): with enough usable
 * images the sheet is completed and the training is started by the queue; with too few it fails
 * and the influencer's LoRA is `failed` with a reason (face-reference mode keeps working).
 */
export async function finishSheetIfDone(tx: Tx, sheetJobId: string): Promise<void> {
  const sheet = await tx.characterSheetJob.findUniqueOrThrow({ where: { id: sheetJobId }, include: { images: { include: { asset: true } }, influencer: true } });
  if (sheet.status !== 'running' || !sheet.images.every(settled)) return;
  for (const i of sheet.images) if (i.asset?.identityStatus === 'pending' && !shotOf(i.shot).faceVisible) await enqueue(tx, 'score_identity', { assetId: i.asset.id });
  // A sheet of a replaced base image ends quietly: the new base image's sheet owns the status.
  const current = sheet.influencer.baseImageAssetId === sheet.baseAssetId;
  const usable = sheet.images.filter(usableSheetImage).length;
  const durationMs = Date.now() - (sheet.startedAt ?? sheet.createdAt).getTime();
  if (usable < MIN_SHEET_IMAGES) {
    const failedRenders = sheet.images.filter((i) => i.status !== 'completed').length;
    const error =
      failedRenders > 0
        ? `The character sheet failed: ${failedRenders} of ${sheet.images.length} images could not be rendered (${usable} usable, ${MIN_SHEET_IMAGES} needed).`
        : `The character sheet failed: only ${usable} of ${sheet.images.length} images kept the face of the base image (${MIN_SHEET_IMAGES} needed).`;
    await tx.characterSheetJob.update({ where: { id: sheet.id }, data: { status: 'failed', error, completedAt: new Date() } });
    if (current) await setLoraStatus(tx, sheet.influencerId, 'failed', { error });
    return;
  }
  await tx.characterSheetJob.update({ where: { id: sheet.id }, data: { status: 'completed', completedAt: new Date(), error: null } });
  await recordEvent(tx, {
    userId: sheet.userId,
    influencerId: sheet.influencerId,
    name: 'character_sheet_generation_completed',
    source: 'server',
    properties: { influencer_id: sheet.influencerId, sheet_id: sheet.id, image_count: usable, duration_ms: durationMs },
  });
  if (current) await enqueue(tx, 'lora_training_start', { sheetJobId: sheet.id });
}
