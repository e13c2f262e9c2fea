import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { FACE_BOX_KEY, readTextChunk } from './png-text.js';
import { z } from 'zod';
import { hash32 } from './random.js';
import { cudaOutOfMemory } from './runpod-errors.js';
import { encodeSafetensors, loraTensors, sha256 } from './safetensors.js';
import type { HandlerContext, HandlerResult, JobHandler } from './types.js';
import { readZip } from './zip-reader.js';

/** The trainer contract: ostris/ai-toolkit-style inputs, the trained file written to the volume. */
const trainingInput = z.object({
  dataset_url: z.string().url(),
  trigger_word: z.string().min(1).max(64),
  base_model: z.enum(['flux_dev', 'z_image_turbo']),
  steps: z.number().int().min(1).max(10_000),
  learning_rate: z.number().positive().max(1),
  lora_rank: z.number().int().min(1).max(256),
  resolution: z.number().int().min(256).max(2048),
  batch_size: z.number().int().min(1).max(16),
  seed: z.number().int().min(0),
  output: z.object({ volume_path: z.string().min(1).max(300) }),
});

export type TrainingInput = z.infer<typeof trainingInput>;

/** The weights a trainer loads per base model (what an injected permanent failure says is missing). */
const BASE_MODEL_FILES = { flux_dev: 'flux1-dev.safetensors', z_image_turbo: 'z_image_turbo_bf16.safetensors' } as const;
const IMAGE = /\.(png|jpe?g|webp)$/i;
/** Progress updates per training (the simulated steps are slept in this many chunks at most). */
const PROGRESS_UPDATES = 50;
/** Dataset download budget: a real trainer's wget would give up too. */
const DOWNLOAD_TIMEOUT_MS = 60_000;

export interface TrainerDeps {
  /** The simulated network volume's root directory (the trained file is written under it). */
  volumeDir?: string;
  /** The authenticated GET URL that serves a file of the volume. */
  fileUrl(volumePath: string): string;
}

/**
 * A simulated LoRA trainer: downloads the dataset zip, "trains" for steps × stepMs reporting
 * { stage, step, total }, and writes a real .safetensors to the volume whose metadata carries the
 * trigger word, the base model and the face the image endpoint renders in LoRA mode.
 */
export function createTrainerHandler(deps: TrainerDeps): JobHandler {
  return { run: (input, ctx) => train(input, ctx, deps) };
}

async function train(raw: unknown, ctx: HandlerContext, deps: TrainerDeps): Promise<HandlerResult> {
  const parsed = trainingInput.safeParse(raw);
  if (!parsed.success) return { error: `Invalid training input: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  const input = parsed.data;
  const file = volumeFile(deps.volumeDir, input.output.volume_path);
  if (!file) return { error: `output.volume_path must be a relative .safetensors path inside the volume (got '${input.output.volume_path}')` };

  ctx.reportProgress({ stage: 'downloading', step: 0, total: input.steps });
  const dataset = await download(input.dataset_url, ctx.signal);
  if ('error' in dataset) return dataset;
  let entries;
  try {
    entries = readZip(dataset.bytes);
  } catch (e) {
    return { error: `The dataset is not a readable zip: ${(e as Error).message}` };
  }
  const images = entries.filter((e) => IMAGE.test(e.name));
  if (images.length === 0) return { error: 'The dataset has no images (.png, .jpg, .webp).' };
  ctx.reportProgress({ stage: 'preparing', step: 0, total: input.steps, images: images.length });
  const face = await faceOf(images.map((e) => e.data));
  if (!face) return { error: 'No image of the dataset could be decoded.' };

  const failure = ctx.decideFailure({ prompt: input.trigger_word, seed: input.seed });
  if (failure === 'permanent') return { error: `Training failed: the base model file '${BASE_MODEL_FILES[input.base_model]}' is missing on this worker.` };
  const chunk = Math.max(1, Math.ceil(input.steps / PROGRESS_UPDATES));
  const stopAt = failure === 'transient' ? Math.floor(input.steps / 2) : input.steps;
  for (let step = 0; step < stopAt;) {
    ctx.reportProgress({ stage: 'training', step, total: input.steps });
    if (failure === 'hang' && step >= stopAt / 2) {
      await new Promise<never>((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }));
    }
    const n = Math.min(chunk, stopAt - step);
    await ctx.sleep(n * ctx.stepMs);
    step += n;
  }
  if (failure === 'transient') return { error: cudaOutOfMemory(ctx.workerId) };

  ctx.reportProgress({ stage: 'saving', step: input.steps, total: input.steps });
  const bytes = encodeSafetensors(loraTensors(input.lora_rank, hash32(`${input.trigger_word}|${input.seed}`)), {
    format: 'pt',
    ss_network_dim: String(input.lora_rank),
    ss_steps: String(input.steps),
    ss_learning_rate: String(input.learning_rate),
    ss_resolution: String(input.resolution),
    ss_num_train_images: String(images.length),
    content_studio_trigger_word: input.trigger_word,
    content_studio_base_model: input.base_model,
    content_studio_face_png: face.toString('base64'),
  });
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Written aside then renamed: the image endpoint never lists a half-written LoRA.
  await fs.writeFile(`${file}.partial`, bytes);
  await fs.rename(`${file}.partial`, file);
  const volumePath = input.output.volume_path.replace(/^\/+/, '');
  return {
    output: {
      lora: { volume_path: volumePath, url: deps.fileUrl(volumePath), sha256: sha256(bytes), size_bytes: bytes.length },
      steps_completed: input.steps,
    },
  };
}

/** The trained file's absolute path, or undefined for a path that leaves the volume. */
function volumeFile(dir: string | undefined, volumePath: string): string | undefined {
  if (!dir || !volumePath.endsWith('.safetensors')) return undefined;
  const root = path.resolve(dir);
  const file = path.resolve(root, volumePath.replace(/^\/+/, ''));
  return file.startsWith(root + path.sep) ? file : undefined;
}

async function download(url: string, signal: AbortSignal): Promise<{ bytes: Buffer } | { error: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS)]) });
    if (!res.ok) return { error: `Could not download the dataset: HTTP ${res.status} from ${new URL(url).host}` };
    return { bytes: Buffer.from(await res.arrayBuffer()) };
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    return { error: `Could not download the dataset: ${(e as Error).message}` };
  }
}

/**
 * The face the LoRA "learned": what the dataset's leading views share. Each image's face is cut
 * where the local GPU drew it (its PNGs say so, as ComfyUI's carry their prompt), so neither a
 * render's background nor a cut-off face is learned; the first LEARNED_VIEWS cuts (the server
 * sends its best-matching shots first) are brought to the first one's size and their per-pixel
 * median is the learned face — one view's own drift (a blend toward someone else, a mirror, its
 * lighting) is outvoted by the others, while a sheet that drifted as a whole teaches the drift.
 * Images without that note count only when none has one: then the first decodable image's centre
 * square at the smallest width a render places a face at (45 %) is learned.
 */
async function faceOf(images: Buffer[]): Promise<Buffer | undefined> {
  const drawn: Array<{ bytes: Buffer; region: Region }> = [];
  let fallback: { bytes: Buffer; region: Region } | undefined;
  for (const bytes of images) {
    try {
      const { width, height } = await sharp(bytes).autoOrient().metadata();
      if (!width || !height) continue;
      const box = drawnFace(bytes, width, height);
      if (box) {
        drawn.push({ bytes, region: box });
        if (drawn.length === LEARNED_VIEWS) break;
      } else if (!fallback) {
        const side = Math.max(1, Math.min(height, Math.round(width * 0.45)));
        fallback = { bytes, region: { left: Math.round((width - side) / 2), top: Math.round((height - side) / 2), width: Math.min(side, width), height: side } };
      }
    } catch {
      continue;
    }
  }
  const cuts = drawn.length > 0 ? drawn : fallback ? [fallback] : [];
  if (cuts.length === 0) return undefined;
  const { width, height } = cuts[0]!.region;
  if (cuts.length === 1) return sharp(cuts[0]!.bytes).autoOrient().extract(cuts[0]!.region).png().toBuffer();
  const raws = await Promise.all(
    cuts.map(({ bytes, region }) => sharp(bytes).autoOrient().extract(region).resize(width, height, { fit: 'fill' }).removeAlpha().toColourspace('srgb').raw().toBuffer()),
  );
  const out = Buffer.alloc(width * height * 3);
  const column = new Uint8Array(raws.length);
  for (let i = 0; i < out.length; i++) {
    for (let k = 0; k < raws.length; k++) column[k] = raws[k]![i]!;
    column.sort();
    const mid = column.length >> 1;
    out[i] = column.length % 2 ? column[mid]! : (column[mid - 1]! + column[mid]! + 1) >> 1;
  }
  return sharp(out, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

/** The dataset's first views (the server sends its best-matching shots first) whose faces the LoRA learns. */
const LEARNED_VIEWS = 3;

interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Where the local GPU drew the face in one of its renders, if it says so and the box fits. */
function drawnFace(png: Buffer, width: number, height: number): Region | undefined {
  const note = readTextChunk(png, FACE_BOX_KEY);
  if (!note) return undefined;
  try {
    const b = JSON.parse(note) as Record<string, unknown>;
    const [left, top, w, h] = [b.left, b.top, b.width, b.height].map(Number) as [number, number, number, number];
    if (![left, top, w, h].every(Number.isInteger) || left < 0 || top < 0 || w < 1 || h < 1 || left + w > width || top + h > height) return undefined;
    return { left, top, width: w, height: h };
  } catch {
    return undefined;
  }
}
