import { DEFAULT_FILENAME_PREFIX, FLUX_FILL_GUIDANCE, MODEL_FILES } from './defaults.js';
import { assertPositiveInt, assertSeed, GraphBuilder, noNegative, out, sampleAndDecode } from './graph.js';
import type { ComfyWorkflow } from './types.js';

export interface InpaintParams {
  /** flux1-fill-dev file (diffusion_models). */
  model: string;
  sourceImageName: string;
  maskImageName: string;
  prompt: string;
  seed: number;
  steps: number;
  filenamePrefix?: string;
}

/**
 * Flux Fill inpainting. The mask is read from its red channel, so a binarised mask edits where it
 * is white. noise_mask stays false because Fill conditions on the masked image itself, and
 * DifferentialDiffusion softens the seam at the mask edge.
 */
export function buildInpaint(p: InpaintParams): ComfyWorkflow {
  assertSeed(p.seed);
  assertPositiveInt('steps', p.steps);
  const g = new GraphBuilder();
  const unet = g.add('unet', 'UNETLoader', { unet_name: p.model || MODEL_FILES.fluxFill, weight_dtype: 'default' });
  const clip = g.add('text_encoder', 'DualCLIPLoader', { clip_name1: MODEL_FILES.clipL, clip_name2: MODEL_FILES.t5xxl, type: 'flux' });
  const vae = g.add('vae', 'VAELoader', { vae_name: MODEL_FILES.fluxVae });
  const pixels = g.add('source_image', 'LoadImage', { image: p.sourceImageName });
  const mask = g.add('mask', 'LoadImageMask', { image: p.maskImageName, channel: 'red' });

  const positive = g.add('positive', 'CLIPTextEncode', { text: p.prompt, clip });
  // cfg 1: no negative prompt (it would have no effect).
  const negative = noNegative(g, positive);
  const guided = g.add('guidance', 'FluxGuidance', { guidance: FLUX_FILL_GUIDANCE, conditioning: positive });
  g.add('inpaint_conditioning', 'InpaintModelConditioning', {
    noise_mask: false,
    positive: guided,
    negative,
    vae,
    pixels,
    mask,
  });
  const model = g.add('differential_diffusion', 'DifferentialDiffusion', { model: unet });

  const images = sampleAndDecode(
    g,
    {
      seed: p.seed,
      steps: p.steps,
      cfg: 1.0,
      scheduler: 'normal',
      model,
      positive: out('inpaint_conditioning', 0),
      negative: out('inpaint_conditioning', 1),
      latent: out('inpaint_conditioning', 2),
    },
    vae,
  );
  g.add('save', 'SaveImage', { filename_prefix: p.filenamePrefix ?? DEFAULT_FILENAME_PREFIX, images });
  return g.nodes;
}
