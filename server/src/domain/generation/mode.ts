/** The base model the product trains character LoRAs for: a Flux LoRA does nothing on Z-Image. */
export const LORA_BASE_MODEL = 'flux_dev';

/** LoRA statuses in which a LoRA that was ready keeps serving (a new base image's sheet or training is on its way). */
const SERVING = new Set(['ready', 'generating_sheets', 'training']);

/** What a pack of this engine renders with: the mode and, in LoRA mode, the LoRA file and trigger word. */
export interface PackMode {
  mode: 'face_ref' | 'lora';
  lora: { modelKey: string; triggerWord: string | null } | null;
}

type ModeInfluencer = { loraStatus: string; loraModelKey: string | null; triggerWord?: string | null };

/**
 * LoRA ("HD") mode once the influencer has a LoRA — the one that was last ready keeps serving
 * while a new one is made — and the engine is the LoRA's base model; else face reference from
 * the base image (a Z-Image pack of a Flux LoRA falls back to it).
 */
export function packMode(influencer: ModeInfluencer, engine: string = LORA_BASE_MODEL): PackMode {
  if (!influencer.loraModelKey || !SERVING.has(influencer.loraStatus) || engine !== LORA_BASE_MODEL) return { mode: 'face_ref', lora: null };
  return { mode: 'lora', lora: { modelKey: influencer.loraModelKey, triggerWord: influencer.triggerWord ?? null } };
}

/** The mode alone (the API's `faceMode`). */
export function selectMode(influencer: ModeInfluencer, engine: string = LORA_BASE_MODEL): 'face_ref' | 'lora' {
  return packMode(influencer, engine).mode;
}
