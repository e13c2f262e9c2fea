import { DEFAULT_FACE_WEIGHT, DEFAULT_FILENAME_PREFIX, DEFAULT_LORA_STRENGTH, FLUX_DEV_GUIDANCE, MODEL_FILES } from './defaults.js';
import { GraphBuilder, noNegative, out, sampleAndDecode } from './graph.js';
import type { ComfyLink, ComfyWorkflow, FluxWeights, TextToImageParams } from './types.js';

/** PuLID-Flux on the model path: the base image's identity steers every denoising step. */
function applyPulid(g: GraphBuilder, model: ComfyLink, face: { imageName: string; weight?: number }): ComfyLink {
  const pulidFlux = g.add('pulid_model', 'PulidFluxModelLoader', { pulid_file: MODEL_FILES.pulidFlux });
  const evaClip = g.add('pulid_eva_clip', 'PulidFluxEvaClipLoader', {});
  const faceAnalysis = g.add('pulid_face_analysis', 'PulidFluxInsightFaceLoader', { provider: 'CUDA' });
  const image = g.add('face_image', 'LoadImage', { image: face.imageName });
  return g.add('pulid', 'ApplyPulidFlux', {
    weight: face.weight ?? DEFAULT_FACE_WEIGHT,
    start_at: 0.0,
    end_at: 1.0,
    model,
    pulid_flux: pulidFlux,
    eva_clip: evaClip,
    face_analysis: faceAnalysis,
    image,
  });
}

/** The Flux model, text encoders and VAE: from one checkpoint, or a UNET with the separate files. */
export function loadFlux(g: GraphBuilder, weights: FluxWeights): { model: ComfyLink; clip: ComfyLink; vae: ComfyLink } {
  if ('unet' in weights) {
    return {
      model: g.add('unet', 'UNETLoader', { unet_name: weights.unet, weight_dtype: 'default' }),
      clip: g.add('text_encoder', 'DualCLIPLoader', { clip_name1: MODEL_FILES.clipL, clip_name2: MODEL_FILES.t5xxl, type: 'flux' }),
      vae: g.add('vae', 'VAELoader', { vae_name: MODEL_FILES.fluxVae }),
    };
  }
  g.add('checkpoint', 'CheckpointLoaderSimple', { ckpt_name: weights.checkpoint || MODEL_FILES.fluxDevCheckpoint });
  return { model: out('checkpoint', 0), clip: out('checkpoint', 1), vae: out('checkpoint', 2) };
}

/**
 * Flux Dev text-to-image from the fp8 all-in-one checkpoint (MODEL, CLIP, VAE outputs) or a
 * UNET-only file; cfg 1 with FluxGuidance, since Flux Dev is guidance-distilled.
 */
export function buildFluxTextToImage(p: TextToImageParams): ComfyWorkflow {
  const g = new GraphBuilder();
  const loaded = loadFlux(g, typeof p.model === 'string' ? { checkpoint: p.model } : p.model);
  const { clip, vae } = loaded;

  let model = loaded.model;
  if (p.lora) {
    model = g.add('lora', 'LoraLoaderModelOnly', {
      lora_name: p.lora.name,
      strength_model: p.lora.strength ?? DEFAULT_LORA_STRENGTH,
      model,
    });
  }
  if (p.faceReference) model = applyPulid(g, model, p.faceReference);

  const positive = g.add('positive', 'CLIPTextEncode', { text: p.prompt, clip });
  const negative = noNegative(g, positive);
  const guided = g.add('guidance', 'FluxGuidance', { guidance: FLUX_DEV_GUIDANCE, conditioning: positive });
  const latent = g.add('latent', 'EmptySD3LatentImage', { width: p.width, height: p.height, batch_size: 1 });

  const images = sampleAndDecode(g, { seed: p.seed, steps: p.steps, cfg: 1.0, scheduler: 'simple', model, positive: guided, negative, latent }, vae);
  g.add('save', 'SaveImage', { filename_prefix: p.filenamePrefix ?? DEFAULT_FILENAME_PREFIX, images });
  return g.nodes;
}
