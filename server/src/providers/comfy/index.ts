export * from './types.js';
export {
  MODEL_FILES,
  DEFAULT_MODEL_FILES,
  FLUX_DEV_GUIDANCE,
  FLUX_FILL_GUIDANCE,
  Z_IMAGE_SHIFT,
  DEFAULT_LORA_STRENGTH,
  DEFAULT_FACE_WEIGHT,
  DEFAULT_FILENAME_PREFIX,
} from './defaults.js';
export { buildTextToImage, type TextToImageParams } from './text-to-image.js';
export { buildInpaint, type InpaintParams } from './inpaint.js';
