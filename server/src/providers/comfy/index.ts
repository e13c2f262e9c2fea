export * from './types.js';
export { MODEL_FILES, FLUX_DEV_GUIDANCE, FLUX_FILL_GUIDANCE, Z_IMAGE_SHIFT, DEFAULT_LORA_STRENGTH, DEFAULT_FACE_WEIGHT, DEFAULT_FILENAME_PREFIX } from './defaults.js';
export { buildTextToImage, type TextToImageParams } from './text-to-image.js';
export { buildInpaint, type InpaintParams } from './inpaint.js';
export {
  DEFAULT_MODEL_CONFIG,
  DEFAULT_MODEL_FILES,
  modelFilesMarkdown,
  modelFilesOf,
  modelFilesText,
  REACTOR_NSFW_DETECTOR_FILES,
  volumeModelFiles,
  workflowModelFiles,
  type ModelConfig,
  type ModelFile,
  type WorkflowModels,
} from './model-files.js';
