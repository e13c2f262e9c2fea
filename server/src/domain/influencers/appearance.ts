import { z } from 'zod';
import { OUTFITS } from '../presets/index.js';

const text = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);

export const STYLES = ['realistic', 'anime'] as const;
export const GENDERS = ['female', 'male'] as const;

/** Everyday outfits a character can wear by default (NSFW-only outfits are per-generation). */
export const defaultOutfitIds = OUTFITS.filter((o) => !o.nsfwOnly).map((o) => o.id);

/** Appearance of an influencer, as the creation wizard collects it (spec prompt structure). */
export const appearanceSchema = z.object({
  style: z.enum(STYLES),
  gender: z.enum(GENDERS),
  age: z.number().int().min(18, 'Influencers must be adults (18+)').max(90),
  ethnicity: text(40),
  hairColor: text(40),
  hairStyle: text(40),
  eyeColor: text(40),
  bodyType: text(40),
});

export const influencerFieldsSchema = appearanceSchema.extend({
  name: text(80),
  defaultOutfit: z.string().refine((id) => defaultOutfitIds.includes(id), 'Unknown outfit (see presets.outfits, non-NSFW)'),
  nsfwEnabled: z.boolean(),
});

export type InfluencerFields = z.infer<typeof influencerFieldsSchema>;
