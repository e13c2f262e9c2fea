/** A link to another node's output: [nodeId, outputIndex]. */
export type ComfyLink = [string, number];

/** One node of a ComfyUI API-format graph. */
export interface ComfyNode {
  class_type: string;
  inputs: Record<string, unknown>;
  _meta?: { title?: string };
}

/** A ComfyUI API-format graph: `{ nodeId: { class_type, inputs } }`. */
export type ComfyWorkflow = Record<string, ComfyNode>;

/** An image handed to worker-comfyui next to the workflow (`input.images`). */
export interface ComfyInputImage {
  name: string;
  /** base64, optionally as a data URI. */
  image: string;
}

/** The `input` of a worker-comfyui job. */
export interface ComfyJobInput {
  workflow: ComfyWorkflow;
  images?: ComfyInputImage[];
}

/** One image in a worker-comfyui job's output. */
export interface ComfyOutputImage {
  filename: string;
  type: 'base64' | 's3_url';
  data: string;
}

/** The `output` of a successful worker-comfyui job. */
export interface ComfyJobOutput {
  images?: ComfyOutputImage[];
  errors?: string[];
}

/**
 * Where a Flux model comes from: an all-in-one checkpoint (MODEL, CLIP, VAE), or a UNET-only file
 * in diffusion_models loaded beside Flux's text encoders and VAE (how many finetunes ship).
 */
export type FluxWeights = { checkpoint: string } | { unet: string };

/** What one text-to-image generation asks of the workflow builders. */
export interface TextToImageParams {
  engine: 'flux_dev' | 'z_image_turbo';
  /**
   * Flux: the checkpoint file name (or `{ unet }` for a UNET-only file). Z-Image: the UNET file
   * (default 'z_image_turbo_bf16.safetensors').
   */
  model: string | FluxWeights;
  prompt: string;
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
