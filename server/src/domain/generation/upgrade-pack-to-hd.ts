import { z } from 'zod';
import type { Db, Tx } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { creditBalance, lockUserCredits } from '../credits/ledger.js';
import { InsufficientCreditsError, InvalidInputError, NotFoundError, NsfwNotAllowedError } from '../errors.js';
import { enforceGenerationRateLimit } from '../rate-limit.js';
import { parseInput } from '../validation.js';
import { createPackInTx } from './create-pack.js';
import type { GenerateDeps } from './generate-images.js';
import { packMode } from './mode.js';
import { generationSettings, type GenerationRequest } from './request.js';

const schema = z
  .object({
    jobId: z.string().uuid(),
    idempotencyKey: z.string().trim().min(1).max(200, 'Idempotency key: at most 200 characters').nullish(),
  })
  .strict();

/** Pack statuses after which nothing of it renders any more. */
export const FINISHED = ['completed', 'partial', 'failed', 'cancelled'] as const;
/** An HD upgrade in these states is the pack's upgrade: asking again returns it. */
export const LIVE_UPGRADE = ['queued', 'running', 'completed', 'partial'] as const;

/** The images of a pack an HD upgrade re-renders: the visible ones, in pack order. */
export const visibleImagesWhere = { status: 'completed', asset: { deletedAt: null, hiddenReason: null } } satisfies Prisma.GenerationItemWhereInput;

const invalid = (code: string, message: string) => new InvalidInputError(message, [{ path: ['jobId'], message: `${code}: ${message}` }]);

/**
 * Re-renders a finished face-reference pack with the character LoRA ("HD") as a new pack: same
 * settings and seeds, the trigger word leading the original prompt, each image's asset descending
 * from the original of the same index. Priced and reserved like a new pack of that size, in one
 * transaction. The same idempotency key, or an HD upgrade of the pack that runs or completed,
 * returns the existing pack (created: false) and charges nothing.
 */
export async function upgradePackToHd(deps: GenerateDeps, userId: string, input: unknown) {
  const r = parseInput(schema, input);
  try {
    return await deps.db.$transaction((tx) => upgrade(tx, deps, userId, r), { timeout: 15_000 });
  } catch (e) {
    if (r.idempotencyKey && e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      const existing = await existingByKey(deps.db, userId, r.idempotencyKey);
      if (existing) return { job: existing, created: false };
    }
    throw e;
  }
}

const existingByKey = (db: Db | Tx, userId: string, idempotencyKey: string) => db.generationJob.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } } });

async function upgrade(tx: Tx, deps: GenerateDeps, userId: string, r: z.infer<typeof schema>) {
  await lockUserCredits(tx, userId);
  if (r.idempotencyKey) {
    const existing = await existingByKey(tx, userId, r.idempotencyKey);
    if (existing) return { job: existing, created: false };
  }
  // The pack's lock serialises two upgrades of it: the second sees the first's pack.
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "GenerationJob" WHERE id = ${r.jobId}::uuid AND "userId" = ${userId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw new NotFoundError('GenerationJob', r.jobId);
  const pack = await tx.generationJob.findUniqueOrThrow({
    where: { id: r.jobId },
    include: { influencer: true, items: { where: visibleImagesWhere, orderBy: { index: 'asc' }, include: { asset: { select: { id: true, seed: true } } } } },
  });
  const live = await tx.generationJob.findFirst({ where: { upgradedFromId: pack.id, status: { in: [...LIVE_UPGRADE] } }, orderBy: { createdAt: 'desc' } });
  if (live) return { job: live, created: false };

  if (pack.mode === 'lora') throw invalid('ALREADY_HD', 'This pack was rendered with the LoRA already (HD).');
  if (!(FINISHED as readonly string[]).includes(pack.status)) throw invalid('PACK_NOT_FINISHED', 'The pack is still rendering: upgrade it to HD once it has finished.');
  if (pack.items.length === 0) throw invalid('NO_IMAGES', 'The pack has no image to re-render.');
  const { influencer } = pack;
  const mode = packMode(influencer, pack.engine);
  if (mode.mode !== 'lora') throw invalid('NO_LORA', 'HD mode unlocks when the character LoRA is trained.');
  if (pack.nsfw && !influencer.nsfwEnabled) throw new NsfwNotAllowedError();
  await enforceGenerationRateLimit(tx, userId, deps.env.RATE_LIMIT_GENERATIONS_PER_MIN);

  // Priced like a new pack of that size today (what generateImages would quote).
  const { pricePerImage, total } = generationSettings(
    { aspectRatio: pack.aspectRatio as GenerationRequest['aspectRatio'], quality: pack.quality, count: pack.items.length },
    pack.engine,
  );
  const balance = await creditBalance(tx, userId);
  if (balance < total) throw new InsufficientCreditsError(total, balance);

  const job = await createPackInTx(tx, deps.env, {
    userId,
    influencerId: influencer.id,
    mode,
    engine: pack.engine,
    scene: pack.scene,
    environment: pack.environment,
    outfit: pack.outfit,
    outfitChanged: pack.outfitChanged,
    aspectRatio: pack.aspectRatio,
    quality: pack.quality,
    width: pack.width,
    height: pack.height,
    steps: pack.steps,
    nsfw: pack.nsfw,
    // The rendered prompt, unchanged but for the trigger word that applies the LoRA's identity.
    prompt: mode.lora?.triggerWord ? `${mode.lora.triggerWord}, ${pack.prompt}` : pack.prompt,
    pricePerImage,
    idempotencyKey: r.idempotencyKey ?? null,
    items: pack.items.map((item) => ({ seed: item.asset!.seed ?? item.seed, sourceAssetId: item.asset!.id })),
    upgradedFromId: pack.id,
    event: {
      name: 'pack_hd_upgrade_started',
      properties: { influencer_id: influencer.id, source_job_id: pack.id, count: pack.items.length, quality: pack.quality, engine: pack.engine },
    },
  });
  return { job, created: true };
}
