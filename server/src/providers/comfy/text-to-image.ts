import { buildFluxTextToImage } from './flux.js';
import { assertPositiveInt, assertSeed } from './graph.js';
import type { ComfyWorkflow } from './types.js';
import { buildZImageTextToImage } from './z-image.js';

export interface TextToImageParams {
  engine: 'flux_dev' | 'z_image_turbo';
  /** Flux: fp8 checkpoint file (SFW, or the uncensored one for NSFW). Z-Image: the UNET file (default 'z_image_turbo_bf16.safetensors'). */
  model: string;
  prompt: string;
  negativePrompt: string;
  width: number;
  height: number;
  steps: number;
  seed: number;
  /** LoRA ("HD") mode: the character LoRA file in models/loras. */
  lora?: { name: string; strength?: number };
  /**
   * Face-reference mode: the influencer's base image, passed as an input image with this name.
   * Flux uses PuLID-Flux on the model path; Z-Image (PuLID is Flux-only) uses a ReActor face swap
   * after decoding, which has no strength, so `weight` only applies to Flux.
   */
  faceReference?: { imageName: string; weight?: number };
  filenamePrefix?: string;
}

/** Builds the ComfyUI API graph for one text-to-image generation. */
export function buildTextToImage(p: TextToImageParams): ComfyWorkflow {
  assertSeed(p.seed);
  assertPositiveInt('width', p.width);
  assertPositiveInt('height', p.height);
  assertPositiveInt('steps', p.steps);
  switch (p.engine) {
    case 'flux_dev':
      return buildFluxTextToImage(p);
    case 'z_image_turbo':
      return buildZImageTextToImage(p);
    default:
      throw new Error(`Unknown engine '${String((p as { engine: unknown }).engine)}'`);
  }
}
