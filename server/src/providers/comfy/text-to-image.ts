import { buildFluxTextToImage } from './flux.js';
import { assertPositiveInt, assertSeed } from './graph.js';
import type { ComfyWorkflow, TextToImageParams } from './types.js';

export type { TextToImageParams } from './types.js';
import { buildZImageTextToImage } from './z-image.js';

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
