/** An outfit as the picker needs it. */
export interface OutfitOption {
  id: string;
  label: string;
  category: string;
  nsfwOnly: boolean;
}

/** "Keep current" (the influencer's default) or "Change" (an outfit for this pack only). */
export interface OutfitChoice {
  mode: 'keep' | 'change';
  /** The outfit picked in "Change" mode, if any yet. */
  outfitId: string | null;
}

export const KEEP_CURRENT: OutfitChoice = { mode: 'keep', outfitId: null };

/** NSFW-only outfits are offered only for NSFW generations. */
export function visibleOutfits<T extends OutfitOption>(outfits: readonly T[], nsfw: boolean): T[] {
  return outfits.filter((o) => nsfw || !o.nsfwOnly);
}

/** Outfits an influencer may wear by default (never an NSFW-only one). */
export function defaultOutfitOptions<T extends OutfitOption>(outfits: readonly T[]): T[] {
  return outfits.filter((o) => !o.nsfwOnly);
}

/**
 * The outfit generateImages gets: undefined keeps the influencer's default (also when "Change"
 * picked nothing yet, or picked the default itself).
 */
export function outfitForGeneration(choice: OutfitChoice, defaultOutfit: string): string | undefined {
  if (choice.mode !== 'change' || !choice.outfitId || choice.outfitId === defaultOutfit) return undefined;
  return choice.outfitId;
}

/** The choice after NSFW is switched: an NSFW-only outfit cannot stay picked for a SFW pack. */
export function choiceAfterNsfw(choice: OutfitChoice, nsfw: boolean, outfits: readonly OutfitOption[]): OutfitChoice {
  if (nsfw || !choice.outfitId) return choice;
  const picked = outfits.find((o) => o.id === choice.outfitId);
  return picked?.nsfwOnly ? { mode: choice.mode, outfitId: null } : choice;
}
