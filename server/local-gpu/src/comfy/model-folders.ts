/**
 * Which ComfyUI models folder each model-file input reads from. The catalogue cannot say this:
 * object_info only carries the file list a worker happened to have.
 */
const MODEL_INPUT_FOLDERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  CheckpointLoaderSimple: { ckpt_name: 'checkpoints' },
  UNETLoader: { unet_name: 'diffusion_models' },
  CLIPLoader: { clip_name: 'text_encoders' },
  DualCLIPLoader: { clip_name1: 'text_encoders', clip_name2: 'text_encoders' },
  VAELoader: { vae_name: 'vae' },
  LoraLoader: { lora_name: 'loras' },
  LoraLoaderModelOnly: { lora_name: 'loras' },
  CLIPVisionLoader: { clip_name: 'clip_vision' },
  ControlNetLoader: { control_net_name: 'controlnet' },
  StyleModelLoader: { style_model_name: 'style_models' },
  PulidFluxModelLoader: { pulid_file: 'pulid' },
  // ReActor lists what it finds in these folders, so a worker without the file cannot run it.
  ReActorFaceSwap: { swap_model: 'insightface', face_restore_model: 'facerestore_models' },
};

/**
 * ComfyUI registers legacy folder names as extra paths of the same key
 * (models/clip for text encoders, models/unet for diffusion models).
 */
const FOLDER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  text_encoders: ['text_encoders', 'clip'],
  diffusion_models: ['diffusion_models', 'unet'],
};

/** Folder a model-file input reads from, e.g. ('CheckpointLoaderSimple','ckpt_name') -> 'checkpoints', LoraLoaderModelOnly lora_name -> 'loras'; undefined when not a model-file input. */
export function modelFolderFor(classType: string, inputName: string): string | undefined {
  return MODEL_INPUT_FOLDERS[classType]?.[inputName];
}

/** Files present for a folder, including its legacy aliases. */
export function filesInFolder(files: Record<string, string[]>, folder: string): string[] {
  const names = FOLDER_ALIASES[folder] ?? [folder];
  return names.flatMap((name) => files[name] ?? []);
}

/**
 * Choices a model-file combo offers that are not files (VAELoader's 'pixel_space',
 * ReActor's 'none'): the catalogue keeps them, and they need nothing on disk.
 */
export function isBuiltInChoice(option: unknown): boolean {
  return typeof option === 'string' && !/\.[A-Za-z0-9]+$/.test(option);
}
