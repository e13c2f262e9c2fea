import type { Tx } from '../../db/client.js';
import type { GenerationJob } from '../../generated/prisma/client.js';
import { analyticsMode, recordEvent } from '../analytics/record-event.js';
import { bookEntry } from '../credits/ledger.js';
import { publishInTx } from '../events/topics.js';
import { enqueue } from '../../queue/catalog.js';

/** What the worker stored for a completed image. */
export interface StoredImage {
  /** the bucket the files were written to (recorded with the asset) */
  storageBucket: string;
  storageKey: string;
  thumbnailKey: string;
  mimeType: string;
  width: number;
  height: number;
  bytes: number;
  /** the asset's id when it is not the item's (a re-render: the drifted render keeps the item's id) */
  assetId?: string;
  /** queue an identity score for it (the image has a base face to compare with) */
  scoreIdentity: boolean;
}

/**
 * Completes an image inside the GPU lifecycle's transaction: asset row (id = item id, so a
 * duplicate completion cannot create a second asset), charge, event; finishes the pack on its
 * last image. Returns false when the image no longer waits (cancelled or already completed).
 */
export async function completeItemInTx(tx: Tx, itemId: string, image: StoredImage, gpu: { attempts: number }): Promise<boolean> {
  const claimed = await tx.generationItem.updateMany({
    where: { id: itemId, status: { in: ['queued', 'submitted'] } },
    data: { status: 'completed', completedAt: new Date(), error: null, errorKind: null },
  });
  if (claimed.count === 0) return false;
  const item = await tx.generationItem.findUniqueOrThrow({ where: { id: itemId }, include: { job: true } });
  const { job } = item;
  await tx.imageAsset.create({
    data: {
      id: image.assetId ?? item.id,
      userId: job.userId,
      influencerId: job.influencerId,
      kind: 'generated',
      storageBucket: image.storageBucket,
      storageKey: image.storageKey,
      thumbnailKey: image.thumbnailKey,
      mimeType: image.mimeType,
      width: image.width,
      height: image.height,
      bytes: image.bytes,
      nsfw: job.nsfw,
      scene: job.scene,
      environment: job.environment,
      outfit: job.outfit,
      aspectRatio: job.aspectRatio,
      quality: job.quality,
      prompt: job.prompt,
      negativePrompt: job.negativePrompt,
      seed: item.seed,
      mode: job.mode,
      engine: job.engine,
      generationItemId: item.id,
      // An HD pack's image descends from the face-reference image it re-renders.
      sourceAssetId: item.sourceAssetId,
      identityStatus: image.scoreIdentity ? 'pending' : null,
      metadata: {
        steps: job.steps,
        loraModelKey: job.loraModelKey,
        triggerWord: job.triggerWord,
        jobId: job.id,
        index: item.index,
        attempts: gpu.attempts,
        identityRetries: item.identityRetries,
      },
    },
  });
  if (image.scoreIdentity) await enqueue(tx, 'score_identity', { assetId: image.assetId ?? item.id });
  // An image is charged once: its re-render after a drifted face is free.
  const charge = item.identityRetries === 0 ? job.pricePerImage : 0;
  const updated = await tx.generationJob.update({
    where: { id: job.id },
    data: { completedCount: { increment: 1 }, creditsCharged: { increment: charge }, sequence: { increment: 1 } },
  });
  await publishInTx(tx, 'generation', job.id, { kind: 'image_completed', jobId: job.id, itemId, sequence: updated.sequence });
  await recordEvent(tx, {
    userId: job.userId,
    influencerId: job.influencerId,
    name: 'generation_image_completed',
    source: 'server',
    properties: { influencer_id: job.influencerId, image_index: item.index, duration_ms: Date.now() - job.createdAt.getTime(), mode: analyticsMode(job.mode), job_id: job.id },
  });
  // An image whose identity score is queued cannot end its pack yet: the score's transaction will.
  if (!image.scoreIdentity) await finishIfDone(tx, updated);
  return true;
}

export type FailureKind = 'permanent' | 'transient' | 'config' | 'cancelled';

/**
 * Fails (or cancels) an image for good inside the caller's transaction, which holds the pack
 * lock: refund (once per item and round, whatever retries happen), event, and the pack's end on
 * its last image. `attempts` is the GPU attempts it took (for analytics).
 */
export async function failItemInTx(tx: Tx, itemId: string, error: string, errorKind: FailureKind, attempts = 0): Promise<boolean> {
  if (await restoreDriftedInTx(tx, itemId)) return true;
  const claimed = await tx.generationItem.updateMany({
    where: { id: itemId, status: { in: ['queued', 'submitted'] } },
    data: { status: errorKind === 'cancelled' ? 'cancelled' : 'failed', error: error.slice(0, 2000), errorKind, completedAt: new Date() },
  });
  if (claimed.count === 0) return false;
  const item = await tx.generationItem.findUniqueOrThrow({ where: { id: itemId }, include: { job: true } });
  const { job } = item;
  const refunded = await bookEntry(tx, {
    userId: job.userId,
    kind: 'refund',
    amount: job.pricePerImage,
    dedupeKey: `refund:item:${item.id}:${item.round}`,
    generationJobId: job.id,
    note: errorKind === 'cancelled' ? 'Cancelled image' : 'Failed image',
  });
  const updated = await tx.generationJob.update({
    where: { id: job.id },
    data: {
      ...(errorKind === 'cancelled' ? { cancelledCount: { increment: 1 } } : { failedCount: { increment: 1 } }),
      creditsRefunded: { increment: refunded ? job.pricePerImage : 0 },
      sequence: { increment: 1 },
    },
  });
  await publishInTx(tx, 'generation', job.id, { kind: 'image_failed', jobId: job.id, itemId, sequence: updated.sequence });
  if (errorKind !== 'cancelled') {
    await recordEvent(tx, {
      userId: job.userId,
      influencerId: job.influencerId,
      name: 'generation_failed',
      source: 'server',
      properties: { influencer_id: job.influencerId, error_type: errorKind, retry_count: Math.max(0, attempts - 1), job_id: job.id, image_index: item.index },
    });
  }
  await finishIfDone(tx, updated);
  return true;
}

/**
 * Ends the job when every image has an outcome: completed (all), partial, failed (none) or
 * cancelled. Takes the pack row its caller just updated (under the pack lock): no re-read.
 */
export async function finishIfDone(tx: Tx, job: GenerationJob): Promise<void> {
  const jobId = job.id;
  const settled = job.completedCount + job.failedCount + job.cancelledCount;
  if (settled < job.imageCount || ['completed', 'partial', 'failed', 'cancelled'].includes(job.status)) return;
  // The pack ends after its last identity check: its subscribers get every score, and a
  // drifted image can still be re-rendered.
  const scoring = await tx.imageAsset.count({ where: { generationItem: { jobId }, identityStatus: 'pending' } });
  if (scoring > 0) return;
  const status =
    job.completedCount === job.imageCount
      ? 'completed'
      : job.cancelledCount > 0 && job.failedCount === 0 && job.completedCount === 0
        ? 'cancelled'
        : job.completedCount > 0
          ? 'partial'
          : 'failed';
  const failures = status === 'failed' || status === 'partial' ? await tx.generationItem.findFirst({ where: { jobId, status: 'failed' }, select: { error: true } }) : null;
  const updated = await tx.generationJob.update({
    where: { id: jobId },
    data: {
      status,
      completedAt: new Date(),
      sequence: { increment: 1 },
      error: failures?.error ?? null,
    },
  });
  const succeeded = job.completedCount > 0;
  await publishInTx(tx, 'generation', jobId, { kind: succeeded ? 'job_completed' : 'job_failed', jobId, sequence: updated.sequence });
  await recordEvent(tx, {
    userId: job.userId,
    influencerId: job.influencerId,
    name: 'generation_pack_completed',
    source: 'server',
    properties: {
      influencer_id: job.influencerId,
      image_count: job.completedCount,
      requested_count: job.imageCount,
      status,
      total_duration_ms: Date.now() - job.createdAt.getTime(),
      mode: analyticsMode(job.mode),
      job_id: jobId,
    },
  });
}

/**
 * A re-render that cannot complete (failed for good, or the pack was cancelled) gives the image
 * its drifted render back — it was paid for, and a drifted image beats none; no refund. Returns
 * false when the image was not a re-render.
 */
export async function restoreDriftedInTx(tx: Tx, itemId: string): Promise<boolean> {
  const item = await tx.generationItem.findUniqueOrThrow({ where: { id: itemId } });
  if (item.identityRetries === 0 || !['queued', 'submitted'].includes(item.status)) return false;
  const drifted = await tx.imageAsset.findFirst({ where: { driftedItemId: itemId, deletedAt: null }, orderBy: { createdAt: 'desc' } });
  if (!drifted) return false;
  await tx.imageAsset.update({ where: { id: drifted.id }, data: { generationItemId: itemId, driftedItemId: null, hiddenReason: null } });
  await tx.generationItem.update({ where: { id: itemId }, data: { status: 'completed', completedAt: new Date() } });
  const updated = await tx.generationJob.update({ where: { id: item.jobId }, data: { completedCount: { increment: 1 }, sequence: { increment: 1 } } });
  await publishInTx(tx, 'generation', item.jobId, { kind: 'image_completed', jobId: item.jobId, itemId, sequence: updated.sequence });
  await finishIfDone(tx, updated);
  return true;
}
