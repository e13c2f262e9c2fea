import type { Env } from '../../config/env.js';
import type { FluxWeights, ModelConfig } from '../../providers/comfy/index.js';

/** The model files the configuration picks: FLUX_CHECKPOINT, FLUX_NSFW_UNET or FLUX_NSFW_CHECKPOINT, Z_IMAGE_UNET. */
export function modelConfig(env: Pick<Env, 'FLUX_CHECKPOINT' | 'FLUX_NSFW_CHECKPOINT' | 'FLUX_NSFW_UNET' | 'Z_IMAGE_UNET'>): ModelConfig {
  return {
    fluxCheckpoint: env.FLUX_CHECKPOINT,
    fluxNsfw: env.FLUX_NSFW_UNET ? { unet: env.FLUX_NSFW_UNET } : { checkpoint: env.FLUX_NSFW_CHECKPOINT },
    zImageUnet: env.Z_IMAGE_UNET,
  };
}

/** The weights one image renders with: Z-Image's UNET, or Flux's SFW checkpoint or NSFW weights. */
export function modelFor(c: ModelConfig, engine: 'flux_dev' | 'z_image_turbo', nsfw: boolean): string | FluxWeights {
  if (engine === 'z_image_turbo') return c.zImageUnet;
  return nsfw ? c.fluxNsfw : { checkpoint: c.fluxCheckpoint };
}
