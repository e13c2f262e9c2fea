import { randomInt } from 'node:crypto';
import type { Env } from '../../config/env.js';
import type { Db, Tx } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { creditBalance, lockUserCredits } from '../credits/ledger.js';
import { InsufficientCreditsError, InvalidInputError, NotFoundError, NsfwNotAllowedError } from '../errors.js';
import { findEnvironment, findOutfit, findScene } from '../presets/index.js';
import { enforceGenerationRateLimit } from '../rate-limit.js';
import { parseInput } from '../validation.js';
import { createPackInTx } from './create-pack.js';
import { packMode } from './mode.js';
import { buildPrompt } from './prompt.js';
import { generationRequestSchema, generationSettings } from './request.js';

export interface GenerateDeps {
  db: Db;
  env: Env;
}

/** Seeds for ComfyUI must be safe integers; 2^48 leaves room and stays exact in JSON. */
export const newSeed = () => BigInt(randomInt(0, 2 ** 48 - 1));

/**
 * Starts a pack: validates, reserves price × count credits, creates the job and one item per
 * image, and enqueues one GPU submission per image — all in one transaction. The same
 * idempotency key returns the existing job and never charges twice, even under concurrency.
 */
export async function generateImages(deps: GenerateDeps, userId: string, input: unknown) {
  const r = parseInput(generationRequestSchema, input);
  try {
    return await deps.db.$transaction((tx) => startPack(tx, deps, userId, r), { timeout: 15_000 });
  } catch (e) {
    // Two requests with one key raced past the lock-free read: the loser returns the winner's job.
    if (r.idempotencyKey && e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      const existing = await deps.db.generationJob.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey: r.idempotencyKey } } });
      if (existing) return { job: existing, created: false };
    }
    throw e;
  }
}

async function startPack(tx: Tx, deps: GenerateDeps, userId: string, r: ReturnType<typeof generationRequestSchema.parse>) {
  await lockUserCredits(tx, userId);
  if (r.idempotencyKey) {
    const existing = await tx.generationJob.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey: r.idempotencyKey } } });
    if (existing) return { job: existing, created: false };
  }
  await enforceGenerationRateLimit(tx, userId, deps.env.RATE_LIMIT_GENERATIONS_PER_MIN);

  const influencer = await tx.influencer.findFirst({ where: { id: r.influencerId, userId } });
  if (!influencer) throw new NotFoundError('Influencer', r.influencerId);
  if (r.nsfw && !influencer.nsfwEnabled) throw new NsfwNotAllowedError();
  if (r.nsfw) {
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { adultConfirmed: true } });
    if (!user.adultConfirmed) throw new NsfwNotAllowedError('Confirm that you are 18 or older (Settings, or the confirmAdult mutation) before generating NSFW images.');
  }
  const outfit = findOutfit(r.outfit ?? influencer.defaultOutfit)!;
  if (outfit.nsfwOnly && !r.nsfw) {
    throw new InvalidInputError(`The outfit "${outfit.label}" is only available for NSFW generations.`, [{ path: ['outfit'], message: 'NSFW-only outfit' }]);
  }
  const engine = r.engine ?? deps.env.DEFAULT_ENGINE;
  const mode = packMode(influencer, engine);
  if (mode.mode === 'face_ref' && !influencer.baseImageAssetId) {
    throw new InvalidInputError('Upload a base image for this influencer first (setBaseImage): it is the reference face.', [{ path: ['influencerId'], message: 'No base image' }]);
  }
  const s = generationSettings(r, engine);
  const balance = await creditBalance(tx, userId);
  if (balance < s.total) throw new InsufficientCreditsError(s.total, balance);

  const scene = findScene(r.scene)!;
  const environment = findEnvironment(r.environment)!;
  const { prompt } = buildPrompt(influencer, scene, environment, outfit, mode.lora?.triggerWord);
  const job = await createPackInTx(tx, deps.env, {
    userId,
    influencerId: influencer.id,
    mode,
    engine,
    scene: scene.id,
    environment: environment.id,
    outfit: outfit.id,
    outfitChanged: outfit.id !== influencer.defaultOutfit,
    aspectRatio: r.aspectRatio,
    quality: r.quality,
    width: s.width,
    height: s.height,
    steps: s.steps,
    nsfw: r.nsfw,
    prompt,
    pricePerImage: s.pricePerImage,
    idempotencyKey: r.idempotencyKey ?? null,
    items: Array.from({ length: r.count }, () => ({ seed: newSeed() })),
    event: {
      name: 'generation_started',
      properties: { influencer_id: influencer.id, scene: scene.id, environment: environment.id, outfit: outfit.id, count: r.count, ratio: r.aspectRatio, quality: r.quality },
    },
  });
  return { job, created: true };
}
