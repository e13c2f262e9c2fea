import type { Env } from '../../config/env.js';
import type { Tx } from '../../db/client.js';
import type { Engine, Quality } from '../../generated/prisma/client.js';
import { analyticsMode, recordEvent } from '../analytics/record-event.js';
import { bookEntry } from '../credits/ledger.js';
import { createGpuJobs } from '../gpu-jobs/create.js';
import { imageEndpoint } from '../gpu-jobs/policy.js';
import type { PackMode } from './mode.js';

/** Everything a pack is rendered from, decided and validated by the use case that starts it. */
export interface NewPack {
  userId: string;
  influencerId: string;
  mode: PackMode;
  engine: Engine;
  scene: string;
  environment: string;
  outfit: string;
  outfitChanged: boolean;
  aspectRatio: string;
  quality: Quality;
  width: number;
  height: number;
  steps: number;
  nsfw: boolean;
  prompt: string;
  pricePerImage: number;
  idempotencyKey: string | null;
  /** One per image, in pack order; an HD pack's images name the asset they re-render. */
  items: { seed: bigint; sourceAssetId?: string }[];
  /** The face-reference pack an HD pack re-renders. */
  upgradedFromId?: string;
  /** The analytics event that records the start (generation_started, pack_hd_upgrade_started). */
  event: { name: string; properties: Record<string, unknown> };
}

/**
 * Writes a pack inside the caller's transaction (which holds the user's credit lock and has
 * checked the balance): the job, one item and one GPU job per image with its submission, the
 * reservation of price × count, and the analytics event.
 */
export async function createPackInTx(tx: Tx, env: Env, p: NewPack) {
  const total = p.pricePerImage * p.items.length;
  const job = await tx.generationJob.create({
    data: {
      userId: p.userId,
      influencerId: p.influencerId,
      mode: p.mode.mode,
      engine: p.engine,
      scene: p.scene,
      environment: p.environment,
      outfit: p.outfit,
      outfitChanged: p.outfitChanged,
      aspectRatio: p.aspectRatio,
      quality: p.quality,
      width: p.width,
      height: p.height,
      steps: p.steps,
      nsfw: p.nsfw,
      prompt: p.prompt,
      negativePrompt: null,
      loraModelKey: p.mode.lora?.modelKey ?? null,
      triggerWord: p.mode.lora?.triggerWord ?? null,
      modeNote: p.mode.note,
      imageCount: p.items.length,
      pricePerImage: p.pricePerImage,
      creditsReserved: total,
      idempotencyKey: p.idempotencyKey,
      upgradedFromId: p.upgradedFromId ?? null,
      items: { create: p.items.map((item, index) => ({ index, seed: item.seed, sourceAssetId: item.sourceAssetId ?? null })) },
    },
    include: { items: { select: { id: true } } },
  });
  await bookEntry(tx, { userId: p.userId, kind: 'reserve', amount: -total, dedupeKey: `reserve:job:${job.id}`, generationJobId: job.id, note: `${p.items.length} × ${p.quality}` });
  const endpoint = imageEndpoint(p.nsfw);
  await createGpuJobs(
    tx,
    env,
    job.items.map((item) => ({ kind: 'image', userId: p.userId, endpoint, owner: { generationItemId: item.id } })),
  );
  await recordEvent(tx, {
    userId: p.userId,
    influencerId: p.influencerId,
    name: p.event.name,
    source: 'server',
    properties: { ...p.event.properties, mode: analyticsMode(p.mode.mode), job_id: job.id },
  });
  const { items: _items, ...row } = job;
  return row;
}
