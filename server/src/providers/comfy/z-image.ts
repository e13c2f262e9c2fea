import { DEFAULT_FILENAME_PREFIX, DEFAULT_LORA_STRENGTH, MODEL_FILES, Z_IMAGE_SHIFT } from './defaults.js';
import { GraphBuilder, noNegative, sampleAndDecode } from './graph.js';
import type { ComfyLink, ComfyWorkflow, TextToImageParams } from './types.js';

/**
 * ReActor swaps the base image's face into the decoded picture: the model-agnostic fallback,
 * because PuLID only patches Flux.
 */
function swapFace(g: GraphBuilder, images: ComfyLink, imageName: string): ComfyLink {
  const source = g.add('face_image', 'LoadImage', { image: imageName });
  return g.add('face_swap', 'ReActorFaceSwap', {
    enabled: true,
    input_image: images,
    source_image: source,
    swap_model: MODEL_FILES.reactorSwap,
    facedetection: 'retinaface_resnet50',
    face_restore_model: MODEL_FILES.reactorRestore,
    face_restore_visibility: 1.0,
    codeformer_weight: 0.5,
    detect_gender_input: 'no',
    detect_gender_source: 'no',
    input_faces_index: '0',
    source_faces_index: '0',
    console_log_level: 1,
  });
}

/**
 * Z-Image-Turbo: UNET + Qwen3 text encoder (lumina2) + the Flux VAE, AuraFlow sampling shift 3.
 * It is distilled for cfg 1, where a negative prompt has no effect: none is sent.
 */
export function buildZImageTextToImage(p: TextToImageParams): ComfyWorkflow {
  const g = new GraphBuilder();
  const unet = typeof p.model === 'string' ? p.model : 'unet' in p.model ? p.model.unet : '';
  let model = g.add('unet', 'UNETLoader', { unet_name: unet || MODEL_FILES.zImageTurbo, weight_dtype: 'default' });
  const clip = g.add('text_encoder', 'CLIPLoader', { clip_name: MODEL_FILES.qwen3, type: 'lumina2', device: 'default' });
  const vae = g.add('vae', 'VAELoader', { vae_name: MODEL_FILES.fluxVae });

  if (p.lora) {
    model = g.add('lora', 'LoraLoaderModelOnly', {
      lora_name: p.lora.name,
      strength_model: p.lora.strength ?? DEFAULT_LORA_STRENGTH,
      model,
    });
  }
  model = g.add('model_sampling', 'ModelSamplingAuraFlow', { shift: Z_IMAGE_SHIFT, model });

  const positive = g.add('positive', 'CLIPTextEncode', { text: p.prompt, clip });
  const negative = noNegative(g, positive);
  const latent = g.add('latent', 'EmptySD3LatentImage', { width: p.width, height: p.height, batch_size: 1 });

  let images = sampleAndDecode(g, { seed: p.seed, steps: p.steps, cfg: 1.0, scheduler: 'simple', model, positive, negative, latent }, vae);
  if (p.faceReference) images = swapFace(g, images, p.faceReference.imageName);
  g.add('save', 'SaveImage', { filename_prefix: p.filenamePrefix ?? DEFAULT_FILENAME_PREFIX, images });
  return g.nodes;
}
