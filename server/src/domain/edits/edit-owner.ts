import type { Tx } from '../../db/client.js';
import type { GpuJob } from '../../generated/prisma/client.js';
import { enqueue } from '../../queue/catalog.js';
import { recordEvent } from '../analytics/record-event.js';
import { bookEntry } from '../credits/ledger.js';
import { publishInTx } from '../events/topics.js';
import type { GpuJobOwner } from '../gpu-jobs/owner.js';

/** What the worker stored for a finished edit (the composited image and its thumbnail). */
export interface StoredEdit {
  assetId: string;
  /** the bucket the files were written to: the source's */
  storageBucket: string;
  storageKey: string;
  thumbnailKey: string;
  mimeType: string;
  width: number;
  height: number;
  bytes: number;
  scoreIdentity: boolean;
}

const editOf = (job: GpuJob) => job.editJobId!;

async function bump(tx: Tx, editId: string, data: Parameters<Tx['editJob']['update']>[0]['data']) {
  const edit = await tx.editJob.update({ where: { id: editId }, data: { ...data, sequence: { increment: 1 } } });
  await publishInTx(tx, 'edit', editId, { kind: 'edit_status_changed', editJobId: editId, sequence: edit.sequence, status: edit.status });
  return edit;
}

/** An inpaint edit as the owner of its GPU job. */
export const editOwner: GpuJobOwner<StoredEdit> = {
  async lock(tx, job) {
    await tx.$queryRaw`SELECT id FROM "EditJob" WHERE id = ${editOf(job)}::uuid FOR UPDATE`;
  },
  async onSubmitted(tx, job) {
    const moved = await tx.editJob.updateMany({ where: { id: editOf(job), status: 'pending' }, data: { status: 'running', startedAt: new Date() } });
    if (moved.count > 0) await bump(tx, editOf(job), {});
  },
  async onRequeued(tx, job, failure) {
    await tx.editJob.updateMany({ where: { id: editOf(job), status: { in: ['pending', 'running'] } }, data: { error: failure.message.slice(0, 2000), errorKind: failure.class } });
  },
  async onCompleted(tx, job, image) {
    const edit = await tx.editJob.findUniqueOrThrow({ where: { id: editOf(job) }, include: { source: true } });
    if (edit.status === 'completed' || edit.status === 'failed' || edit.status === 'cancelled') return;
    const s = edit.source;
    await tx.imageAsset.create({
      data: {
        id: image.assetId,
        userId: edit.userId,
        influencerId: edit.influencerId,
        kind: 'edited',
        storageBucket: image.storageBucket,
        storageKey: image.storageKey,
        thumbnailKey: image.thumbnailKey,
        maskKey: edit.maskKey,
        mimeType: image.mimeType,
        width: image.width,
        height: image.height,
        bytes: image.bytes,
        nsfw: s.nsfw,
        scene: s.scene,
        environment: s.environment,
        outfit: s.outfit,
        aspectRatio: s.aspectRatio,
        quality: s.quality,
        mode: s.mode,
        engine: s.engine,
        prompt: edit.prompt,
        negativePrompt: edit.negativePrompt,
        seed: edit.seed,
        sourceAssetId: s.id,
        identityStatus: image.scoreIdentity ? 'pending' : null,
        metadata: { editJobId: edit.id, editPrompt: edit.prompt, maskCoverage: edit.maskCoverage, steps: edit.steps, sourcePrompt: s.prompt, attempts: job.attempts },
      },
    });
    if (image.scoreIdentity) await enqueue(tx, 'score_identity', { assetId: image.assetId });
    await bump(tx, edit.id, { status: 'completed', completedAt: new Date(), resultAssetId: image.assetId, creditsCharged: edit.creditsReserved, error: null, errorKind: null });
    await recordEvent(tx, {
      userId: edit.userId,
      influencerId: edit.influencerId,
      name: 'inpaint_completed',
      source: 'server',
      properties: { influencer_id: edit.influencerId, edit_id: edit.id, duration_ms: Date.now() - edit.createdAt.getTime() },
    });
  },
  async onFailed(tx, job, failure) {
    const edit = await tx.editJob.findUniqueOrThrow({ where: { id: editOf(job) } });
    if (edit.status === 'completed' || edit.status === 'failed' || edit.status === 'cancelled') return;
    await bookEntry(tx, {
      userId: edit.userId,
      kind: 'refund',
      amount: edit.creditsReserved,
      dedupeKey: `refund:edit:${edit.id}:${edit.round}`,
      editJobId: edit.id,
      note: 'Failed edit',
    });
    await bump(tx, edit.id, { status: 'failed', completedAt: new Date(), error: failure.message.slice(0, 2000), errorKind: failure.class });
    await recordEvent(tx, {
      userId: edit.userId,
      influencerId: edit.influencerId,
      name: 'inpaint_failed',
      source: 'server',
      properties: { influencer_id: edit.influencerId, edit_id: edit.id, error_type: failure.class },
    });
  },
  async onCost(tx, job, usage) {
    await tx.editJob.update({ where: { id: editOf(job) }, data: { gpuExecutionMs: { increment: usage.executionMs }, gpuCostUsdMicros: { increment: usage.costUsdMicros } } });
  },
};
