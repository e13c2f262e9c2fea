import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GpuJob } from '../../generated/prisma/client.js';
import { callFailure, GpuFailureError, isRunpodError, jobFailure, type GpuFailure } from '../../domain/gpu-jobs/failure.js';
import { endpointId, gpuRetryDelay } from '../../domain/gpu-jobs/policy.js';
import { modelConfig, modelFor } from '../../domain/generation/models.js';
import { usableSheetImage } from '../../domain/lora/finish-sheet.js';
import { probeVerdict } from '../../domain/lora/probe-verdict.js';
import { sheetCaption } from '../../domain/lora/sheet-prompt.js';
import { shotOf } from '../../domain/lora/sheet-shots.js';
import type { StoredLora } from '../../domain/lora/training-owner.js';
import { zipStream } from '../../providers/archive/zip.js';
import { buildTextToImage } from '../../providers/comfy/index.js';
import { interpretJob } from '../../providers/runpod/index.js';
import { validateKey } from '../../providers/storage/index.js';
import type { AppServices } from '../../services/app-services.js';
import type { GpuKindRunner } from './runner.js';

/** Signed dataset URLs outlive a training's queue wait and download. */
const DATASET_URL_TTL_S = 6 * 3600;
/** A Flux LoRA is 40–170 MB; anything past this is not one. */
const MAX_LORA_BYTES = 512 * 1024 * 1024;

/** Trainer settings a character LoRA gets (rank 16, lr 4e-4, batch 1, 1024 px). */
const TRAINING = { learning_rate: 0.0004, lora_rank: 16, resolution: 1024, batch_size: 1 } as const;

/**
 * A LoRA training: the dataset (usable sheet images, best match first, with same-name captions)
 * is zipped into our storage and handed to the trainer by signed URL; the trainer writes the file
 * to the image endpoint's volume. Collecting downloads it, checks its sha256, keeps it in our
 * storage and probes that the image endpoint loads it before the domain announces HD mode.
 */
export function trainingKind(s: AppServices): GpuKindRunner {
  const load = (job: GpuJob) =>
    s.db.loraTrainingJob.findUniqueOrThrow({ where: { id: job.loraTrainingJobId! }, include: { characterSheetJob: { include: { images: { include: { asset: true } } } } } });
  const names = (t: { id: string; userId: string; influencerId: string }) => ({
    datasetKey: validateKey(`${t.userId}/${t.influencerId}/${t.id}.dataset.zip`),
    storageKey: validateKey(`${t.userId}/${t.influencerId}/${t.id}.safetensors`),
    loraName: `content-studio/${t.influencerId}_${t.id}.safetensors`,
  });

  async function dataset(training: Awaited<ReturnType<typeof load>>): Promise<string> {
    const { datasetKey } = names(training);
    if (training.datasetKey) return training.datasetKey;
    const images = (training.characterSheetJob?.images ?? []).filter(usableSheetImage).sort((a, b) => (b.asset!.identityScore ?? -1) - (a.asset!.identityScore ?? -1));
    if (images.length === 0) throw new Error('The character sheet has no usable image to train on.');
    const files = await Promise.all(
      images.map(async (image, n) => {
        const asset = image.asset!;
        const stem = `${String(n + 1).padStart(2, '0')}_${image.shot}`;
        const ext = asset.mimeType === 'image/jpeg' ? 'jpg' : asset.mimeType.split('/')[1]!;
        const bytes = await s.storage.get(asset.storageKey, { adult: asset.nsfw, bucket: asset.storageBucket });
        return [
          { name: `${stem}.${ext}`, bytes },
          { name: `${stem}.txt`, bytes: Buffer.from(sheetCaption(training.triggerWord, shotOf(image.shot))) },
        ];
      }),
    );
    const { stream } = await zipStream(files.flat().map((f) => ({ name: f.name, size: f.bytes.length, mtime: new Date(0), read: async () => f.bytes })));
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    await s.storage.put(datasetKey, Buffer.concat(chunks), { contentType: 'application/zip', adult: false });
    await s.db.loraTrainingJob.update({ where: { id: training.id }, data: { datasetKey } });
    return datasetKey;
  }

  return {
    settlesAlone: true,

    async buildInput(gpuJob) {
      const training = await load(gpuJob);
      const key = await dataset(training);
      const url = new URL(await s.storage.url(key, { adult: false, ttlSeconds: DATASET_URL_TTL_S }), s.publicUrl()).toString();
      return {
        dataset_url: url,
        trigger_word: training.triggerWord,
        base_model: training.baseModel,
        steps: training.steps,
        ...TRAINING,
        seed: createHash('sha256').update(training.id).digest().readUInt32LE(0),
        output: { volume_path: `models/loras/${names(training).loraName}` },
      };
    },

    async collect(gpuJob, output): Promise<StoredLora> {
      const training = await load(gpuJob);
      const { storageKey, loraName } = names(training);
      const lora = (output as { lora?: { url?: unknown; sha256?: unknown; size_bytes?: unknown; volume_path?: unknown } } | undefined)?.lora;
      if (!lora || typeof lora.url !== 'string' || typeof lora.sha256 !== 'string') throw new Error('The trainer finished without a LoRA file (output.lora.url and sha256).');
      const bytes = await s.gpu.download(lora.url, { maxBytes: MAX_LORA_BYTES });
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== lora.sha256.toLowerCase())
        throw new Error(`The downloaded LoRA does not match its checksum (sha256 ${sha256.slice(0, 12)}…, expected ${lora.sha256.slice(0, 12)}…).`);
      if (typeof lora.size_bytes === 'number' && lora.size_bytes !== bytes.length)
        throw new Error(`The downloaded LoRA has ${bytes.length} bytes, the trainer reported ${lora.size_bytes}.`);
      await s.storage.put(storageKey, bytes, { contentType: 'application/octet-stream', adult: false });
      await probe(s, loraName, training.triggerWord, training.baseModel === 'z_image_turbo' ? 'z_image_turbo' : 'flux_dev');
      const volumePath = typeof lora.volume_path === 'string' ? lora.volume_path : `models/loras/${loraName}`;
      return { storageKey, sha256, sizeBytes: bytes.length, volumePath, loraName };
    },
  };
}

/** How long one probe waits for the image endpoint's answer. */
const PROBE_WAIT_MS = 120_000;

/**
 * Asks the image endpoint to run a tiny graph that loads the LoRA: ComfyUI refuses a graph naming
 * a LoRA it does not list, so a COMPLETED answer means packs can use it. A transient failure is
 * probed again (LORA_PROBE_ATTEMPTS, with the GPU backoff); the training is never run again for
 * it: the thrown GpuFailureError is permanent.
 */
async function probe(s: AppServices, loraName: string, triggerWord: string, engine: 'flux_dev' | 'z_image_turbo'): Promise<void> {
  const workflow = buildTextToImage({
    engine,
    model: modelFor(modelConfig(s.env), engine, false),
    // "probe" tells these one-step renders apart in the GPU's logs (and in fault injection).
    prompt: `${triggerWord}, lora probe, portrait`,
    width: 256,
    height: 256,
    steps: 1,
    seed: 1,
    lora: { name: loraName },
    filenamePrefix: 'cs_lora_probe',
  });
  for (let probes = 1; ; probes++) {
    const failure = await probeOnce(s, workflow);
    if (!failure) return;
    const verdict = probeVerdict(failure, probes, s.env.LORA_PROBE_ATTEMPTS);
    if (verdict !== 'probe_again') throw new GpuFailureError(verdict);
    s.log(`LoRA probe ${probes} of ${loraName}: ${failure.message}; probing again`);
    await sleep(gpuRetryDelay(s.env, probes));
  }
}

async function probeOnce(s: AppServices, workflow: unknown): Promise<GpuFailure | undefined> {
  try {
    const answer = await s.gpu.runSync(endpointId(s.env, 'image'), { workflow }, { waitMs: PROBE_WAIT_MS });
    const outcome = interpretJob(answer);
    if (outcome.state === 'completed') return undefined;
    if (outcome.state === 'pending') return { class: 'transient', message: `no answer within ${PROBE_WAIT_MS / 1000} s (${answer.status})` };
    return jobFailure(outcome.failure);
  } catch (e) {
    if (isRunpodError(e)) return callFailure(e, 'image');
    throw e;
  }
}
