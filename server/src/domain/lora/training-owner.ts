import type { Tx } from '../../db/client.js';
import type { GpuJob } from '../../generated/prisma/client.js';
import { enqueue } from '../../queue/catalog.js';
import { recordEvent } from '../analytics/record-event.js';
import type { GpuJobOwner } from '../gpu-jobs/owner.js';
import { setLoraStatus } from '../influencers/set-lora-status.js';

/** What the worker stored for a finished training: the file in our storage, checked and loadable. */
export interface StoredLora {
  storageKey: string;
  sha256: string;
  sizeBytes: number;
  /** where the file lies on the image endpoint's volume */
  volumePath: string;
  /** the name LoRA workflows give LoraLoaderModelOnly (relative to models/loras) */
  loraName: string;
}

const trainingOf = (job: GpuJob) => job.loraTrainingJobId!;

/** A training of an older base image's sheet ends quietly: the new base image's pipeline owns the status. */
async function ofCurrentBaseImage(tx: Tx, sheetJobId: string | null): Promise<boolean> {
  if (!sheetJobId) return true;
  const sheet = await tx.characterSheetJob.findUnique({ where: { id: sheetJobId }, include: { influencer: { select: { baseImageAssetId: true } } } });
  return !sheet || sheet.influencer.baseImageAssetId === sheet.baseAssetId;
}
const centsOf = (micros: number) => Math.round(micros / 10_000);

/**
 * The training whose LoRA makes HD mode: the Flux one, or the only base model of its sheet
 * (LORA_BASE_MODELS without flux_dev). The others (a Z-Image LoRA beside the Flux one) are
 * recorded on the influencer without moving its status, and their failure fails only their row.
 */
async function isPrimary(tx: Tx, training: { baseModel: string; characterSheetJobId: string | null }): Promise<boolean> {
  if (training.baseModel === 'flux_dev' || !training.characterSheetJobId) return true;
  return (await tx.loraTrainingJob.count({ where: { characterSheetJobId: training.characterSheetJobId, baseModel: 'flux_dev' } })) === 0;
}

/** The influencer column that names the LoRA of a base model. */
const keyColumn = (baseModel: string) => (baseModel === 'z_image_turbo' ? 'zImageLoraModelKey' : 'loraModelKey');

/** A LoRA training as the owner of its GPU job; `ready` (and HD mode) only comes with a probed file. */
export const trainingOwner: GpuJobOwner<StoredLora> = {
  async lock(tx, job) {
    await tx.$queryRaw`SELECT id FROM "LoraTrainingJob" WHERE id = ${trainingOf(job)}::uuid FOR UPDATE`;
  },
  async onSubmitted(tx, job) {
    const moved = await tx.loraTrainingJob.updateMany({
      where: { id: trainingOf(job), status: 'pending' },
      data: { status: 'running', startedAt: new Date(), stage: 'submitted' },
    });
    if (moved.count > 0 || job.attempts > 1) await enqueue(tx, 'lora_training_progress', { loraTrainingJobId: trainingOf(job) });
  },
  async onRequeued(tx, job, failure) {
    await tx.loraTrainingJob.updateMany({
      where: { id: trainingOf(job), status: { in: ['pending', 'running'] } },
      data: { stage: 'retrying', error: failure.message.slice(0, 2000) },
    });
  },
  async onCompleted(tx, job, lora) {
    const training = await tx.loraTrainingJob.findUniqueOrThrow({ where: { id: trainingOf(job) } });
    if (training.status === 'completed' || training.status === 'failed' || training.status === 'cancelled') return;
    const completedAt = new Date();
    const durationMs = completedAt.getTime() - (training.startedAt ?? training.createdAt).getTime();
    await tx.loraTrainingJob.update({
      where: { id: training.id },
      data: {
        status: 'completed',
        completedAt,
        durationMs,
        stage: 'completed',
        step: training.steps,
        progress: 100,
        modelKey: lora.loraName,
        storageKey: lora.storageKey,
        sha256: lora.sha256,
        sizeBytes: lora.sizeBytes,
        volumePath: lora.volumePath,
        costCents: centsOf(training.gpuCostUsdMicros),
        error: null,
      },
    });
    await recordEvent(tx, {
      userId: training.userId,
      influencerId: training.influencerId,
      name: 'lora_training_completed',
      source: 'server',
      properties: {
        influencer_id: training.influencerId,
        training_id: training.id,
        steps: training.steps,
        training_duration_ms: durationMs,
        training_cost_cents: centsOf(training.gpuCostUsdMicros),
        base_model: training.baseModel,
      },
    });
    if (!(await ofCurrentBaseImage(tx, training.characterSheetJobId))) return;
    if (await isPrimary(tx, training)) {
      await setLoraStatus(tx, training.influencerId, 'ready', { [keyColumn(training.baseModel)]: lora.loraName, triggerWord: training.triggerWord });
    } else {
      await tx.influencer.update({ where: { id: training.influencerId }, data: { [keyColumn(training.baseModel)]: lora.loraName } });
    }
  },
  async onFailed(tx, job, failure) {
    const training = await tx.loraTrainingJob.findUniqueOrThrow({ where: { id: trainingOf(job) } });
    if (training.status === 'completed' || training.status === 'failed' || training.status === 'cancelled') return;
    const error = `LoRA training failed: ${failure.message}`.slice(0, 2000);
    await tx.loraTrainingJob.update({
      where: { id: training.id },
      data: { status: 'failed', completedAt: new Date(), stage: 'failed', error, costCents: centsOf(training.gpuCostUsdMicros) },
    });
    if ((await ofCurrentBaseImage(tx, training.characterSheetJobId)) && (await isPrimary(tx, training))) await setLoraStatus(tx, training.influencerId, 'failed', { error });
  },
  async onCost(tx, job, usage) {
    await tx.loraTrainingJob.update({ where: { id: trainingOf(job) }, data: { gpuCostUsdMicros: { increment: usage.costUsdMicros } } });
  },
};
