import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Env } from '../../config/env.js';
import type { Db, Tx } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { ImagingError, prepareMask } from '../../providers/imaging/index.js';
import { assetKey, type Storage } from '../../providers/storage/index.js';
import { recordEvent } from '../analytics/record-event.js';
import { bookEntry, creditBalance, lockUserCredits } from '../credits/ledger.js';
import { InsufficientCreditsError, InvalidInputError, NotFoundError, RateLimitedError } from '../errors.js';
import { createGpuJobs } from '../gpu-jobs/create.js';
import { imageEndpoint } from '../gpu-jobs/policy.js';
import { newSeed } from '../generation/generate-images.js';
import { PRICES } from '../presets/options.js';
import { parseInput } from '../validation.js';

export interface EditDeps {
  db: Db;
  env: Env;
  storage: Storage;
}

/** Flux Fill steps: DESIGN's 20–28 band; the price is the one table's `inpaint`. */
export const EDIT_STEPS = 24;

const editSchema = z.object({
  assetId: z.string().uuid(),
  prompt: z.string().trim().min(1, 'Describe the change').max(2000),
  negativePrompt: z.string().trim().max(2000).optional(),
  idempotencyKey: z.string().min(1).max(200).optional(),
});

/**
 * Starts an inpaint edit of one of the user's images: the mask is validated (decoded, same size
 * as the source, binarised, not empty) and stored, then in one transaction the price is reserved,
 * the EditJob and its GPU job are created. Bad input writes nothing; an idempotency key returns
 * the existing edit and never charges twice.
 */
export async function editImage(deps: EditDeps, userId: string, input: unknown, mask: Buffer) {
  const r = parseInput(editSchema, input);
  if (r.idempotencyKey) {
    const existing = await deps.db.editJob.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey: r.idempotencyKey } } });
    if (existing) return { edit: existing, created: false };
  }
  const source = await deps.db.imageAsset.findFirst({ where: { id: r.assetId, userId, deletedAt: null } });
  if (!source) throw new NotFoundError('ImageAsset', r.assetId);
  let prepared;
  try {
    prepared = await prepareMask(mask, { width: source.width, height: source.height }, { maxBytes: deps.env.UPLOAD_MAX_BYTES });
  } catch (e) {
    if (e instanceof ImagingError) throw new InvalidInputError(`The mask: ${e.message}`, [{ path: ['mask'], message: `${e.code}: ${e.message}` }]);
    throw e;
  }
  if (prepared.coverage === 0) {
    throw new InvalidInputError('The mask is empty: paint the area to change in white.', [{ path: ['mask'], message: 'EMPTY_MASK: no white pixel' }]);
  }
  const editId = randomUUID();
  const maskKey = assetKey({ userId, influencerId: source.influencerId, assetId: editId, variant: 'mask', ext: 'png' });
  await deps.storage.put(maskKey, prepared.buffer, { contentType: 'image/png', adult: source.nsfw, bucket: source.storageBucket });
  try {
    return await deps.db.$transaction((tx) => startEdit(tx, deps, userId, { ...r, editId, maskKey, coverage: prepared.coverage, source }), { timeout: 15_000 });
  } catch (e) {
    await deps.storage.delete([maskKey], { adult: source.nsfw, bucket: source.storageBucket }).catch(() => {});
    if (r.idempotencyKey && e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      const existing = await deps.db.editJob.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey: r.idempotencyKey } } });
      if (existing) return { edit: existing, created: false };
    }
    throw e;
  }
}

interface StartEdit extends z.infer<typeof editSchema> {
  editId: string;
  maskKey: string;
  coverage: number;
  source: { id: string; influencerId: string; nsfw: boolean };
}

async function startEdit(tx: Tx, deps: EditDeps, userId: string, r: StartEdit) {
  await lockUserCredits(tx, userId);
  if (r.idempotencyKey) {
    const existing = await tx.editJob.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey: r.idempotencyKey } } });
    if (existing) return { edit: existing, created: false };
  }
  await enforceEditRateLimit(tx, userId, deps.env.RATE_LIMIT_GENERATIONS_PER_MIN);
  const price = PRICES.inpaint;
  const balance = await creditBalance(tx, userId);
  if (balance < price) throw new InsufficientCreditsError(price, balance);
  const edit = await tx.editJob.create({
    data: {
      id: r.editId,
      userId,
      influencerId: r.source.influencerId,
      sourceAssetId: r.source.id,
      prompt: r.prompt,
      negativePrompt: r.negativePrompt ?? null,
      maskKey: r.maskKey,
      maskCoverage: r.coverage,
      seed: newSeed(),
      steps: EDIT_STEPS,
      creditsReserved: price,
      idempotencyKey: r.idempotencyKey ?? null,
    },
  });
  await bookEntry(tx, { userId, kind: 'reserve', amount: -price, dedupeKey: `reserve:edit:${edit.id}:0`, editJobId: edit.id, note: 'Inpaint edit' });
  await createGpuJobs(tx, deps.env, [{ kind: 'edit', userId, endpoint: imageEndpoint(r.source.nsfw), owner: { editJobId: edit.id } }]);
  await recordEvent(tx, {
    userId,
    influencerId: r.source.influencerId,
    name: 'inpaint_started',
    source: 'server',
    properties: { influencer_id: r.source.influencerId, asset_id: r.source.id, edit_id: edit.id, mask_coverage_pct: Math.round(r.coverage * 1000) / 10 },
  });
  return { edit, created: true };
}

/** Edits share the generation budget: at most that many per user in any sliding minute. */
async function enforceEditRateLimit(tx: Tx, userId: string, limit: number): Promise<void> {
  const recent = await tx.editJob.findMany({
    where: { userId, createdAt: { gte: new Date(Date.now() - 60_000) } },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { createdAt: true },
  });
  if (recent.length < limit) return;
  throw new RateLimitedError(Math.max(1, Math.ceil((recent.at(-1)!.createdAt.getTime() + 60_000 - Date.now()) / 1000)));
}
