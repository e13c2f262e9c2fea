import { z } from 'zod';
import { ASPECT_RATIOS, ENVIRONMENTS, OUTFITS, PRICES, QUALITIES, SCENES } from '../presets/index.js';

const ids = <T extends { id: string }>(list: readonly T[]) => list.map((x) => x.id) as [string, ...string[]];

/** A generation request as scripts and the studio send it (GraphQL enums already mapped). */
export const generationRequestSchema = z
  .object({
    influencerId: z.string().uuid(),
    scene: z.enum(ids(SCENES), { message: 'Unknown scene (see presets.scenes)' }),
    environment: z.enum(ids(ENVIRONMENTS), { message: 'Unknown environment (see presets.environments)' }),
    /** Per-generation outfit; absent means the influencer's default. */
    outfit: z.enum(ids(OUTFITS), { message: 'Unknown outfit (see presets.outfits)' }).nullish(),
    aspectRatio: z.enum(ids(ASPECT_RATIOS), { message: 'Aspect ratio must be 1:1, 9:16 or 2:3' }).default('9:16'),
    quality: z.enum(ids(QUALITIES) as ['draft', 'hq']).default('draft'),
    count: z.number().int('Count must be a whole number').min(1, 'Count must be 1–10').max(10, 'Count must be 1–10').default(5),
    nsfw: z
      .boolean()
      .nullish()
      .transform((v) => v ?? false),
    engine: z.enum(['flux_dev', 'z_image_turbo']).nullish(),
    idempotencyKey: z.string().trim().min(1).max(200, 'Idempotency key: at most 200 characters').nullish(),
  })
  .strict();

export type GenerationRequest = z.infer<typeof generationRequestSchema>;

/** Pixel size, steps and price of a request (all derived from the preset tables). */
export function generationSettings(r: Pick<GenerationRequest, 'aspectRatio' | 'quality' | 'count'>, engine: 'flux_dev' | 'z_image_turbo') {
  const ratio = ASPECT_RATIOS.find((a) => a.id === r.aspectRatio)!;
  const quality = QUALITIES.find((q) => q.id === r.quality)!;
  const pricePerImage = PRICES[quality.id];
  const turbo = engine === 'z_image_turbo';
  // Multiples of 16 (the latent grid); 1.5× keeps every ratio exact (9:16 → 1152×2048).
  const scaled = (n: number) => (turbo ? Math.round((n * quality.turboScale) / 16) * 16 : n);
  return {
    width: scaled(ratio.width),
    height: scaled(ratio.height),
    steps: turbo ? quality.turboSteps : quality.steps,
    pricePerImage,
    total: pricePerImage * r.count,
  };
}
