/** The base model the product trains character LoRAs for: a Flux LoRA does nothing on Z-Image. */
export const LORA_BASE_MODEL = 'flux_dev';

/** LoRA statuses in which a LoRA that was ready keeps serving (a new base image's sheet or training is on its way). */
const SERVING = new Set(['ready', 'generating_sheets', 'training']);

/**
 * LoRA ("HD") mode once the influencer has a LoRA — the one that was last ready keeps serving
 * while a new one is made — and the engine is the LoRA's base model; else face reference from
 * the base image (a Z-Image pack of a Flux LoRA falls back to it).
 */
export function selectMode(influencer: { loraStatus: string; loraModelKey: string | null }, engine: string = LORA_BASE_MODEL): 'face_ref' | 'lora' {
  if (!influencer.loraModelKey || !SERVING.has(influencer.loraStatus)) return 'face_ref';
  return engine === LORA_BASE_MODEL ? 'lora' : 'face_ref';
}
