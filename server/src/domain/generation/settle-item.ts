import type { Tx } from '../../db/client.js';
import type { GenerationJob } from '../../generated/prisma/client.js';
import { analyticsMode, recordEvent } from '../analytics/record-event.js';
import { bookEntry } from '../credits/ledger.js';
import { publishInTx } from '../events/topics.js';

/** What the worker stored for a completed image. */
export interface StoredImage {
  storageKey: string;
  thumbnailKey: string;
  mimeType: string;
  width: number;
  height: number;
  bytes: number;
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
      id: item.id,
      userId: job.userId,
      influencerId: job.influencerId,
      kind: 'generated',
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
      metadata: { steps: job.steps, loraModelKey: job.loraModelKey, jobId: job.id, index: item.index, attempts: gpu.attempts },
    },
  });
  const updated = await tx.generationJob.update({
    where: { id: job.id },
    data: { completedCount: { increment: 1 }, creditsCharged: { increment: job.pricePerImage }, sequence: { increment: 1 } },
  });
  await publishInTx(tx, 'generation', job.id, { kind: 'image_completed', jobId: job.id, itemId, sequence: updated.sequence });
  await recordEvent(tx, {
    userId: job.userId,
    influencerId: job.influencerId,
    name: 'generation_image_completed',
    source: 'server',
    properties: { influencer_id: job.influencerId, image_index: item.index, duration_ms: Date.now() - job.createdAt.getTime(), mode: analyticsMode(job.mode), job_id: job.id },
  });
  await finishIfDone(tx, updated);
  return true;
}

export type FailureKind = 'permanent' | 'transient' | 'config' | 'cancelled';

/**
 * Fails (or cancels) an image for good inside the caller's transaction, which holds the pack
 * lock: refund (once per item and round, whatever retries happen), event, and the pack's end on
 * its last image. `attempts` is the GPU attempts it took (for analytics).
 */
export async function failItemInTx(tx: Tx, itemId: string, error: string, errorKind: FailureKind, attempts = 0): Promise<boolean> {
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
