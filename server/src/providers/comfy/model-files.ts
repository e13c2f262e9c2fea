import { MODEL_FILES } from './defaults.js';
import { buildInpaint } from './inpaint.js';
import { buildTextToImage } from './text-to-image.js';
import type { ComfyWorkflow, FluxWeights, TextToImageParams } from './types.js';

/** One file a workflow needs under the network volume's `models/` folder. */
export interface ModelFile {
  /** ComfyUI models folder, e.g. 'checkpoints', 'insightface'. */
  folder: string;
  /** Path inside the folder, e.g. 'models/antelopev2/glintr100.onnx'. */
  file: string;
  /** The node that loads it. */
  node: string;
  /** Named in the graph (ComfyUI validates it), or fetched by the node itself at first use unless present. */
  named: boolean;
}

export interface WorkflowModels {
  id: string;
  title: string;
  files: ModelFile[];
  /** Files that are not fixed: each influencer's trained LoRA, placed on the volume when trained. */
  perInfluencer?: string;
}

/** The model files the configuration chooses (FLUX_CHECKPOINT, FLUX_NSFW_CHECKPOINT or FLUX_NSFW_UNET, Z_IMAGE_UNET). */
export interface ModelConfig {
  fluxCheckpoint: string;
  fluxNsfw: FluxWeights;
  zImageUnet: string;
}

export const DEFAULT_MODEL_CONFIG: ModelConfig = {
  fluxCheckpoint: MODEL_FILES.fluxDevCheckpoint,
  fluxNsfw: { checkpoint: MODEL_FILES.fluxDevNsfwCheckpoint },
  zImageUnet: MODEL_FILES.zImageTurbo,
};

/** Which models folder each model-file input of a node reads (object_info cannot say: it lists a worker's files). */
const NAMED_INPUTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  CheckpointLoaderSimple: { ckpt_name: 'checkpoints' },
  UNETLoader: { unet_name: 'diffusion_models' },
  CLIPLoader: { clip_name: 'text_encoders' },
  DualCLIPLoader: { clip_name1: 'text_encoders', clip_name2: 'text_encoders' },
  VAELoader: { vae_name: 'vae' },
  LoraLoaderModelOnly: { lora_name: 'loras' },
  PulidFluxModelLoader: { pulid_file: 'pulid' },
  ReActorFaceSwap: { swap_model: 'insightface', face_restore_model: 'facerestore_models' },
};

/** The files of ReActor's NSFW detector (AdamCodd/vit-base-nsfw-detector) in models/nsfw_detector/vit-base-nsfw-detector. */
export const REACTOR_NSFW_DETECTOR_FILES: readonly string[] = ['config.json', 'model.safetensors', 'preprocessor_config.json'];

const ANTELOPEV2 = ['1k3d68.onnx', '2d106det.onnx', 'genderage.onnx', 'glintr100.onnx', 'scrfd_10g_bnkps.onnx'];
const BUFFALO_L = ['1k3d68.onnx', '2d106det.onnx', 'det_10g.onnx', 'genderage.onnx', 'w600k_r50.onnx'];

/**
 * Files nodes load by themselves, which no graph names and validation never sees: without them on
 * the volume the node downloads them at first use (a cold-start surprise, or a failure offline),
 * and ReActor without its NSFW detector returns black images.
 */
const UNNAMED_FILES: Readonly<Record<string, readonly (readonly [folder: string, file: string])[]>> = {
  // EVA02-CLIP-L-14-336, from QuanSun/EVA-CLIP.
  PulidFluxEvaClipLoader: [['clip', 'EVA02_CLIP_L_336_psz14_s6B.pt']],
  // InsightFace AntelopeV2 face analysis.
  PulidFluxInsightFaceLoader: ANTELOPEV2.map((f) => ['insightface', `models/antelopev2/${f}`] as const),
  // facexlib face detection and parsing, used to align and mask the reference face.
  ApplyPulidFlux: [
    ['facexlib', 'detection_Resnet50_Final.pth'],
    ['facexlib', 'parsing_bisenet.pth'],
  ],
  ReActorFaceSwap: [
    // InsightFace buffalo_l analysis (finds the faces to swap).
    ...BUFFALO_L.map((f) => ['insightface', `models/buffalo_l/${f}`] as const),
    // facedetection 'retinaface_resnet50' and the parsing model of face restoration.
    ['facedetection', 'detection_Resnet50_Final.pth'],
    ['facedetection', 'parsing_parsenet.pth'],
    // The SFW filter's classifier: missing, ReActor flags every image and returns it black.
    ...REACTOR_NSFW_DETECTOR_FILES.map((f) => ['nsfw_detector', `vit-base-nsfw-detector/${f}`] as const),
  ],
};

/** Every model file a graph needs, in graph order, each once; character LoRAs left out (per influencer). */
export function modelFilesOf(w: ComfyWorkflow): ModelFile[] {
  const files = new Map<string, ModelFile>();
  const add = (f: ModelFile) => files.has(`${f.folder}/${f.file}`) || files.set(`${f.folder}/${f.file}`, f);
  for (const node of Object.values(w)) {
    for (const [input, folder] of Object.entries(NAMED_INPUTS[node.class_type] ?? {})) {
      const file = node.inputs[input];
      if (folder !== 'loras' && typeof file === 'string' && file !== 'none') add({ folder, file, node: node.class_type, named: true });
    }
    for (const [folder, file] of UNNAMED_FILES[node.class_type] ?? []) add({ folder, file, node: node.class_type, named: false });
  }
  return [...files.values()];
}

const SAMPLE: Omit<TextToImageParams, 'engine' | 'model'> = { prompt: 'sample', width: 1024, height: 1024, steps: 8, seed: 1 };
const FACE = { faceReference: { imageName: 'face.png' } };
const LORA = { lora: { name: 'influencer.safetensors' } };
const LORA_NOTE = "the influencer's trained LoRA (loras/), placed on the volume when its training completes";

/** The product's workflows, built by the builders themselves, with the model files each needs. */
export function workflowModelFiles(c: ModelConfig = DEFAULT_MODEL_CONFIG): WorkflowModels[] {
  const flux = { ...SAMPLE, engine: 'flux_dev' as const, model: { checkpoint: c.fluxCheckpoint } };
  const nsfw = { ...flux, model: c.fluxNsfw };
  const zImage = { ...SAMPLE, engine: 'z_image_turbo' as const, model: c.zImageUnet };
  const t2i = (id: string, title: string, p: TextToImageParams, perInfluencer?: string): WorkflowModels => ({
    id,
    title,
    files: modelFilesOf(buildTextToImage(p)),
    ...(perInfluencer && { perInfluencer }),
  });
  return [
    t2i('flux_face_ref', 'Flux Dev, face reference (PuLID-Flux)', { ...flux, ...FACE }),
    t2i('flux_lora', 'Flux Dev, HD mode (character LoRA)', { ...flux, ...LORA }, LORA_NOTE),
    t2i('flux_nsfw_face_ref', 'Flux Dev NSFW, face reference (PuLID-Flux)', { ...nsfw, ...FACE }),
    t2i('flux_nsfw_lora', 'Flux Dev NSFW, HD mode (character LoRA)', { ...nsfw, ...LORA }, LORA_NOTE),
    t2i('z_image_face_ref', 'Z-Image-Turbo, face reference (ReActor face swap)', { ...zImage, ...FACE }),
    t2i('z_image_lora', 'Z-Image-Turbo, HD mode (character LoRA)', { ...zImage, ...LORA }, LORA_NOTE),
    {
      id: 'inpaint',
      title: 'Inpaint edit (Flux Fill)',
      files: modelFilesOf(buildInpaint({ model: MODEL_FILES.fluxFill, sourceImageName: 's.png', maskImageName: 'm.png', prompt: 'sample', seed: 1, steps: 24 })),
    },
  ];
}

/** The union of the workflows' files by folder (what a volume, or the local GPU, must hold). */
export function volumeModelFiles(c: ModelConfig = DEFAULT_MODEL_CONFIG): Record<string, string[]> {
  const byFolder: Record<string, string[]> = { loras: [] };
  for (const w of workflowModelFiles(c)) {
    for (const f of w.files) {
      const list = (byFolder[f.folder] ??= []);
      if (!list.includes(f.file)) list.push(f.file);
    }
  }
  return byFolder;
}

/** Every file of the default configuration by folder: what the local GPU's simulated volume holds. */
export const DEFAULT_MODEL_FILES: Readonly<Record<string, string[]>> = volumeModelFiles();

/** The README's table: one row per file, the workflows that need it, and what loads it. */
export function modelFilesMarkdown(c: ModelConfig = DEFAULT_MODEL_CONFIG): string {
  const rows = new Map<string, { f: ModelFile; workflows: string[] }>();
  for (const w of workflowModelFiles(c)) {
    for (const f of w.files) {
      const row = rows.get(`${f.folder}/${f.file}`) ?? rows.set(`${f.folder}/${f.file}`, { f, workflows: [] }).get(`${f.folder}/${f.file}`)!;
      row.workflows.push(`\`${w.id}\``);
    }
  }
  const lines = ['| File (under `models/`) | Loaded by | Workflows |', '|---|---|---|'];
  for (const { f, workflows } of rows.values()) {
    const how = f.named ? `\`${f.node}\`` : `\`${f.node}\` itself (downloaded at first use when missing)`;
    lines.push(`| \`${f.folder}/${f.file}\` | ${how} | ${workflows.join(', ')} |`);
  }
  lines.push(
    `| \`loras/<influencer>.safetensors\` | \`LoraLoaderModelOnly\` | ${workflowModelFiles(c)
      .filter((w) => w.perInfluencer)
      .map((w) => `\`${w.id}\``)
      .join(', ')} (${LORA_NOTE}) |`,
  );
  return lines.join('\n');
}

/** What `pnpm models` prints: each workflow and the files it needs. */
export function modelFilesText(c: ModelConfig = DEFAULT_MODEL_CONFIG): string {
  return workflowModelFiles(c)
    .map((w) => {
      const files = w.files.map((f) => `  models/${f.folder}/${f.file}${f.named ? '' : `   (${f.node} loads it itself)`}`);
      if (w.perInfluencer) files.push(`  + ${w.perInfluencer}`);
      return `${w.title} [${w.id}]\n${files.join('\n')}`;
    })
    .join('\n\n');
}
