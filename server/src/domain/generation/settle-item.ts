import type { Db, Tx } from '../../db/client.js';
import type { GenerationJob } from '../../generated/prisma/client.js';
import { enqueue } from '../../tasks/catalog.js';
import { analyticsMode, recordEvent } from '../analytics/record-event.js';
import { bookEntry } from '../credits/ledger.js';
import { publishInTx } from '../events/topics.js';
import { lockJobOfItem } from './locks.js';

/** What the worker stored for a completed image. */
export interface StoredImage {
  storageKey: string;
  thumbnailKey: string;
  mimeType: string;
  width: number;
  height: number;
  bytes: number;
  gpuDelayMs?: number;
  gpuExecutionMs?: number;
}

/**
 * Completes an image: asset row (id = item id, so a duplicate completion cannot create a second
 * asset), charge, event; finishes the job on its last image. Returns false when the item was no
 * longer waiting for this GPU job (cancelled, already completed, or superseded by a retry).
 */
export async function completeItem(db: Db, itemId: string, runpodJobId: string, image: StoredImage): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await lockJobOfItem(tx, itemId);
    const claimed = await tx.generationItem.updateMany({
      where: { id: itemId, status: 'submitted', runpodJobId },
      data: { status: 'completed', completedAt: new Date(), gpuDelayMs: image.gpuDelayMs, gpuExecutionMs: image.gpuExecutionMs, error: null, errorKind: null },
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
        metadata: { steps: job.steps, loraModelKey: job.loraModelKey, jobId: job.id, index: item.index, attempts: item.attempts },
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
  });
}

/**
 * Fails an image for good: refund (once per item and round, whatever retries happen), event,
 * and the job's end on its last image. `expectRunpodJobId` guards against stale GPU results.
 */
export function failItem(db: Db, itemId: string, error: string, errorKind: FailureKind, expectRunpodJobId?: string | null): Promise<boolean> {
  return db.$transaction((tx) => failItemInTx(tx, itemId, error, errorKind, expectRunpodJobId));
}

export type FailureKind = 'permanent' | 'transient' | 'cancelled';

/** failItem inside the caller's transaction (e.g. cancelling several images at once). */
export async function failItemInTx(tx: Tx, itemId: string, error: string, errorKind: FailureKind, expectRunpodJobId?: string | null): Promise<boolean> {
  await lockJobOfItem(tx, itemId);
  const claimed = await tx.generationItem.updateMany({
    where: { id: itemId, status: { in: ['queued', 'submitted'] }, ...(expectRunpodJobId !== undefined ? { runpodJobId: expectRunpodJobId } : {}) },
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
      properties: { influencer_id: job.influencerId, error_type: errorKind, retry_count: Math.max(0, item.attempts - 1), job_id: job.id, image_index: item.index },
    });
  }
  await finishIfDone(tx, updated);
  return true;
}

/** Puts an image back in the queue after a transient GPU failure, to be submitted again later. */
export async function requeueItem(db: Db, itemId: string, runpodJobId: string, error: string, delayMs: number): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await lockJobOfItem(tx, itemId);
    const claimed = await tx.generationItem.updateMany({
      where: { id: itemId, status: 'submitted', runpodJobId },
      data: { status: 'queued', runpodJobId: null, webhookToken: null, submittedAt: null, error: error.slice(0, 2000), errorKind: 'transient' },
    });
    if (claimed.count === 0) return false;
    await enqueue(tx, 'submit_image', { itemId }, { jobKey: `submit:${itemId}`, runAt: new Date(Date.now() + delayMs), maxAttempts: 5 });
    return true;
  });
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
    properties: { influencer_id: job.influencerId, image_count: job.completedCount, requested_count: job.imageCount, status, total_duration_ms: Date.now() - job.createdAt.getTime(), mode: analyticsMode(job.mode), job_id: jobId },
  });
}
