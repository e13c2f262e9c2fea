/** The base model whose LoRA makes HD mode when it is trained (the primary one). */
export const LORA_BASE_MODEL = 'flux_dev';

/** LoRA statuses in which a LoRA that was ready keeps serving (a new base image's sheet or training is on its way). */
const SERVING = new Set(['ready', 'generating_sheets', 'training']);

/** What a pack of this engine renders with: the mode, in LoRA mode the LoRA file and trigger word, and why it fell back. */
export interface PackMode {
  mode: 'face_ref' | 'lora';
  lora: { modelKey: string; triggerWord: string | null } | null;
  /** Set when the influencer has a LoRA for another base model only: this pack used face reference. */
  note: string | null;
}

type ModeInfluencer = { loraStatus: string; loraModelKey: string | null; zImageLoraModelKey?: string | null; triggerWord?: string | null };

const LABEL: Record<string, string> = { flux_dev: 'Flux', z_image_turbo: 'Z-Image' };
const PACKS: Record<string, string> = { flux_dev: 'Flux packs', z_image_turbo: 'Z-Image-Turbo packs' };

/** The character's LoRA file for a base model (a LoRA belongs to one: a Flux LoRA does nothing on Z-Image). */
const loraKeyFor = (i: ModeInfluencer, engine: string) => (engine === 'z_image_turbo' ? (i.zImageLoraModelKey ?? null) : i.loraModelKey);

/**
 * LoRA ("HD") mode once the influencer has a LoRA for the pack's engine — the one that was last
 * ready keeps serving while a new one is made; else face reference from the base image, with a
 * note when a LoRA of the other base model exists (a Z-Image pack of a character with a Flux
 * LoRA only).
 */
export function packMode(influencer: ModeInfluencer, engine: string = LORA_BASE_MODEL): PackMode {
  if (!SERVING.has(influencer.loraStatus)) return { mode: 'face_ref', lora: null, note: null };
  const key = loraKeyFor(influencer, engine);
  if (key) return { mode: 'lora', lora: { modelKey: key, triggerWord: influencer.triggerWord ?? null }, note: null };
  const other = engine === 'z_image_turbo' ? 'flux_dev' : 'z_image_turbo';
  if (!loraKeyFor(influencer, other)) return { mode: 'face_ref', lora: null, note: null };
  return {
    mode: 'face_ref',
    lora: null,
    note: `No ${LABEL[engine] ?? engine} LoRA of this character yet: face reference was used. HD mode applies to ${PACKS[other]}.`,
  };
}

/** The mode alone (the API's `faceMode`). */
export function selectMode(influencer: ModeInfluencer, engine: string = LORA_BASE_MODEL): 'face_ref' | 'lora' {
  return packMode(influencer, engine).mode;
}
