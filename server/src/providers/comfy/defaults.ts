/**
 * Model files the workflow builders name, as in the validated reference workflows. The NSFW
 * checkpoint name is this product's choice (the reference graphs only cover the SFW one).
 */
export const MODEL_FILES = {
  fluxDevCheckpoint: 'flux1-dev-fp8.safetensors',
  fluxDevNsfwCheckpoint: 'flux1-dev-uncensored-fp8.safetensors',
  fluxFill: 'flux1-fill-dev.safetensors',
  zImageTurbo: 'z_image_turbo_bf16.safetensors',
  /** Flux's text encoders (DualCLIPLoader type 'flux'). */
  clipL: 'clip_l.safetensors',
  t5xxl: 't5xxl_fp8_e4m3fn.safetensors',
  /** Z-Image's text encoder (CLIPLoader type 'lumina2'). */
  qwen3: 'qwen_3_4b.safetensors',
  /** The Flux VAE, also used by Z-Image. */
  fluxVae: 'ae.safetensors',
  pulidFlux: 'pulid_flux_v0.9.1.safetensors',
  reactorSwap: 'inswapper_128.onnx',
  reactorRestore: 'codeformer-v0.1.0.pth',
} as const;

/** Flux Dev is guidance-distilled: real CFG stays at 1 and FluxGuidance carries the strength. */
export const FLUX_DEV_GUIDANCE = 3.5;
/** Flux Fill wants a much higher distilled guidance than text-to-image. */
export const FLUX_FILL_GUIDANCE = 30;
export const Z_IMAGE_SHIFT = 3;
export const DEFAULT_LORA_STRENGTH = 1;
export const DEFAULT_FACE_WEIGHT = 1;
export const DEFAULT_FILENAME_PREFIX = 'content-studio';
