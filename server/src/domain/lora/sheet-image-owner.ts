import type { GpuJob } from '../../generated/prisma/client.js';
import { enqueue } from '../../queue/catalog.js';
import type { GpuJobOwner } from '../gpu-jobs/owner.js';
import { finishSheetIfDone } from './finish-sheet.js';
import { lockSheetOfImage } from './locks.js';
import { publishSheetProgressInTx } from './sheet-progress.js';
import { shotOf } from './sheet-shots.js';

/** What the worker stored for a rendered sheet image. */
export interface StoredSheetImage {
  assetId: string;
  storageKey: string;
  thumbnailKey: string;
  mimeType: string;
  width: number;
  height: number;
  bytes: number;
  prompt: string;
  steps: number;
  /** the bucket the files were written to (recorded with the asset) */
  storageBucket: string;
  /** queue an identity score for it (the process has a face analyzer) */
  scoreIdentity: boolean;
}

const imageOf = (job: GpuJob) => job.characterSheetImageId!;

/** A character-sheet image as the owner of its GPU job: the sheet row is locked first. */
export const sheetImageOwner: GpuJobOwner<StoredSheetImage> = {
  lock: (tx, job) => lockSheetOfImage(tx, imageOf(job)),
  async onSubmitted(tx, job) {
    await tx.characterSheetImage.updateMany({ where: { id: imageOf(job), status: 'queued' }, data: { status: 'submitted' } });
  },
  async onRequeued(tx, job, failure) {
    await tx.characterSheetImage.updateMany({
      where: { id: imageOf(job), status: { in: ['queued', 'submitted'] } },
      data: { status: 'queued', error: failure.message.slice(0, 2000) },
    });
  },
  async onCompleted(tx, job, image) {
    const claimed = await tx.characterSheetImage.updateMany({
      where: { id: imageOf(job), status: { in: ['queued', 'submitted'] } },
      data: { status: 'completed', completedAt: new Date(), error: null },
    });
    if (claimed.count === 0) return;
    const row = await tx.characterSheetImage.findUniqueOrThrow({ where: { id: imageOf(job) }, include: { sheetJob: true } });
    const sheet = row.sheetJob;
    await tx.imageAsset.create({
      data: {
        id: image.assetId,
        userId: sheet.userId,
        influencerId: sheet.influencerId,
        kind: 'character_sheet',
        storageKey: image.storageKey,
        thumbnailKey: image.thumbnailKey,
        mimeType: image.mimeType,
        width: image.width,
        height: image.height,
        bytes: image.bytes,
        prompt: image.prompt,
        storageBucket: image.storageBucket,
        seed: row.seed,
        mode: 'face_ref',
        engine: 'flux_dev',
        sourceAssetId: sheet.baseAssetId,
        characterSheetJobId: sheet.id,
        characterSheetImageId: row.id,
        identityStatus: image.scoreIdentity ? 'pending' : null,
        metadata: { sheetShot: row.shot, sheetIndex: row.index, steps: image.steps, replacements: row.replacements, attempts: job.attempts },
      },
    });
    await tx.characterSheetJob.update({ where: { id: sheet.id }, data: { completedCount: { increment: 1 } } });
    await publishSheetProgressInTx(tx, sheet.id);
    // The sheet waits for the scores of shots that show a face (a drifted one is replaced); a back
    // view's is scored once the sheet ends (finishSheetIfDone), so it never delays one of those.
    if (image.scoreIdentity && shotOf(row.shot).faceVisible) await enqueue(tx, 'score_identity', { assetId: image.assetId, awaited: true });
    await finishSheetIfDone(tx, sheet.id);
  },
  async onFailed(tx, job, failure) {
    const moved = await tx.characterSheetImage.updateMany({
      where: { id: imageOf(job), status: { in: ['queued', 'submitted'] } },
      data: { status: failure.class === 'cancelled' ? 'cancelled' : 'failed', error: failure.message.slice(0, 2000), completedAt: new Date() },
    });
    if (moved.count === 0) return;
    const row = await tx.characterSheetImage.findUniqueOrThrow({ where: { id: imageOf(job) } });
    await publishSheetProgressInTx(tx, row.sheetJobId);
    await finishSheetIfDone(tx, row.sheetJobId);
  },
  async onCost() {
    // The sheet image's GPU time stays on its GpuJob (the metrics read it there).
  },
};
