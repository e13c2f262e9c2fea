import type { Env } from '../../config/env.js';
import type { Tx } from '../../db/client.js';
import type { IdentityStatus } from '../../generated/prisma/enums.js';
import { newSeed } from '../generation/generate-images.js';
import { restartGpuJobInTx } from '../gpu-jobs/create.js';
import { finishSheetIfDone } from './finish-sheet.js';
import { publishSheetProgressInTx } from './sheet-progress.js';
import { MAX_SHEET_REPLACEMENTS, shotOf } from './sheet-shots.js';

/**
 * A sheet image's identity outcome was just recorded (the caller holds the sheet lock): a drifted
 * face (a back view excepted) is replaced with a new seed up to MAX_SHEET_REPLACEMENTS times —
 * the drifted render is kept, hidden and detached — else the sheet may be done.
 */
export async function sheetImageScoredInTx(tx: Tx, env: Env, o: { sheetImageId: string; assetId: string; status: IdentityStatus }): Promise<void> {
  const image = await tx.characterSheetImage.findUniqueOrThrow({ where: { id: o.sheetImageId }, include: { sheetJob: true, gpuJob: { select: { id: true } } } });
  const replace =
    o.status === 'drifted' &&
    shotOf(image.shot).faceVisible &&
    image.replacements < MAX_SHEET_REPLACEMENTS &&
    image.status === 'completed' &&
    image.sheetJob.status === 'running' &&
    image.gpuJob !== null;
  if (!replace) {
    await publishSheetProgressInTx(tx, image.sheetJobId);
    return finishSheetIfDone(tx, image.sheetJobId);
  }
  await tx.imageAsset.update({ where: { id: o.assetId }, data: { characterSheetImageId: null, hiddenReason: 'identity_drift' } });
  await tx.characterSheetImage.update({ where: { id: image.id }, data: { status: 'queued', replacements: { increment: 1 }, seed: newSeed(), completedAt: null } });
  await tx.characterSheetJob.update({ where: { id: image.sheetJobId }, data: { completedCount: { decrement: 1 } } });
  await restartGpuJobInTx(tx, env, image.gpuJob!.id);
  await publishSheetProgressInTx(tx, image.sheetJobId);
}
