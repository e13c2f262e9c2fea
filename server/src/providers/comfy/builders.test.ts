import { describe, expect, it } from 'vitest';
import { MODEL_FILES } from './defaults.js';
import { DEFAULT_MODEL_CONFIG, DEFAULT_MODEL_FILES, volumeModelFiles } from './model-files.js';
import { buildInpaint, type InpaintParams } from './inpaint.js';
import { buildTextToImage, type TextToImageParams } from './text-to-image.js';
import type { ComfyWorkflow } from './types.js';
import { describeWorkflow, filesNamedBy, imagesNamedBy, validateWorkflow } from '@content-studio/local-gpu/comfy';
import { workerFiles } from '../../../local-gpu/test/comfy/reference.js';

const NSFW_UNET = 'flux1-dev-uncensored-unet-fp8.safetensors';
const engines: Array<readonly [TextToImageParams['engine'], TextToImageParams['model']]> = [
  ['flux_dev', MODEL_FILES.fluxDevCheckpoint],
  ['flux_dev', MODEL_FILES.fluxDevNsfwCheckpoint],
  ['flux_dev', { unet: NSFW_UNET }],
  ['z_image_turbo', MODEL_FILES.zImageTurbo],
];
/** The volume of a configuration whose NSFW Flux is the UNET-only file. */
const unetVolume = volumeModelFiles({ ...DEFAULT_MODEL_CONFIG, fluxNsfw: { unet: NSFW_UNET } });
const modes = {
  plain: {},
  lora: { lora: { name: 'influencer_abc123.safetensors', strength: 0.9 } },
  faceReference: { faceReference: { imageName: 'job_1_face.png', weight: 0.8 } },
  loraAndFace: { lora: { name: 'influencer_abc123.safetensors' }, faceReference: { imageName: 'job_1_face.png' } },
} satisfies Record<string, Partial<TextToImageParams>>;
const sizes = [
  [1024, 1024],
  [768, 1360],
  [832, 1248],
] as const;

const cases: Array<[string, TextToImageParams]> = [];
for (const [engine, model] of engines) {
  for (const [mode, extra] of Object.entries(modes)) {
    for (const [width, height] of sizes) {
      for (const steps of [20, 40]) {
        const p: TextToImageParams = {
          engine,
          model,
          width,
          height,
          steps,
          ...extra,
          prompt: `TOK woman, ${mode} portrait, ${width}x${height}`,
          seed: 2 ** 53 - 1 - steps,
          filenamePrefix: 'jobs/test',
        };
        cases.push([`${engine} ${typeof model === 'string' ? model : 'unet' in model ? `unet ${model.unet}` : model.checkpoint} ${mode} ${width}x${height} ${steps} steps`, p]);
      }
    }
  }
}

const inpaint: InpaintParams = {
  model: MODEL_FILES.fluxFill,
  sourceImageName: 'job_2_source.png',
  maskImageName: 'job_2_mask.png',
  prompt: 'a woman wearing a pink shirt',
  seed: 656821733471329,
  steps: 20,
};

const nodesOf = (w: ComfyWorkflow, classType: string) => Object.entries(w).filter(([, n]) => n.class_type === classType);
const only = (w: ComfyWorkflow, classType: string) => {
  const found = nodesOf(w, classType);
  expect(found, classType).toHaveLength(1);
  return found[0]!;
};

describe('buildTextToImage', () => {
  it.each(cases)('%s validates, also against the default worker files', (_name, p) => {
    const w = buildTextToImage(p);
    expect(validateWorkflow(w)).toEqual({ ok: true, errors: [] });
    const images = p.faceReference ? [p.faceReference.imageName] : [];
    const files = typeof p.model === 'string' ? workerFiles(p.lora?.name) : { ...unetVolume, loras: p.lora ? [p.lora.name] : [] };
    expect(validateWorkflow(w, { files, images })).toEqual({ ok: true, errors: [] });
  });

  it.each(cases)('%s is described back as built', (_name, p) => {
    expect(describeWorkflow(buildTextToImage(p))).toEqual({
      prompt: p.prompt,
      negativePrompt: '',
      width: p.width,
      height: p.height,
      steps: p.steps,
      seed: p.seed,
      baseModel: p.engine,
      ...(p.lora && { loraName: p.lora.name }),
      ...(p.faceReference && { faceImageName: p.faceReference.imageName }),
    });
  });

  it('builds Flux Dev with cfg 1, FluxGuidance 3.5, the LoRA after the loader and PuLID on the model path', () => {
    const w = buildTextToImage(cases.find(([n]) => n.includes('flux_dev') && n.includes('loraAndFace'))![1]);
    expect(w.sampler!.inputs).toMatchObject({ cfg: 1, model: ['pulid', 0], positive: ['guidance', 0], negative: ['negative', 0] });
    expect(w.negative!).toEqual({ class_type: 'ConditioningZeroOut', inputs: { conditioning: ['positive', 0] } });
    expect(w.guidance!.inputs).toMatchObject({ guidance: 3.5, conditioning: ['positive', 0] });
    expect(w.lora!).toMatchObject({ class_type: 'LoraLoaderModelOnly', inputs: { model: ['checkpoint', 0], strength_model: 1 } });
    expect(w.pulid!.inputs).toMatchObject({ model: ['lora', 0], image: ['face_image', 0], weight: 1 });
    for (const c of ['PulidFluxModelLoader', 'PulidFluxEvaClipLoader', 'PulidFluxInsightFaceLoader']) only(w, c);
  });

  it('builds Z-Image-Turbo with Qwen3 (lumina2), the Flux VAE, AuraFlow shift 3 and ReActor after decoding', () => {
    const w = buildTextToImage(cases.find(([n]) => n.includes('z_image') && n.includes('loraAndFace'))![1]);
    expect(only(w, 'CLIPLoader')[1].inputs).toMatchObject({ clip_name: 'qwen_3_4b.safetensors', type: 'lumina2' });
    expect(only(w, 'VAELoader')[1].inputs.vae_name).toBe('ae.safetensors');
    expect(w.model_sampling!.inputs).toEqual({ shift: 3, model: ['lora', 0] });
    expect(w.lora!.inputs.model).toEqual(['unet', 0]);
    expect(w.sampler!.inputs).toMatchObject({ cfg: 1, model: ['model_sampling', 0] });
    expect(w.face_swap!.inputs).toMatchObject({ input_image: ['decode', 0], source_image: ['face_image', 0], enabled: true });
    expect(w.save!.inputs.images).toEqual(['face_swap', 0]);
    expect(nodesOf(w, 'ApplyPulidFlux')).toHaveLength(0);
  });

  it.each(cases)('%s sends no negative prompt: at cfg 1 it would have no effect', (_name, p) => {
    const w = buildTextToImage(p);
    expect(w.sampler!.inputs.cfg).toBe(1);
    expect(w.negative!).toEqual({ class_type: 'ConditioningZeroOut', inputs: { conditioning: ['positive', 0] } });
    expect(nodesOf(w, 'CLIPTextEncode').map(([, n]) => n.inputs.text)).toEqual([p.prompt]);
  });

  it('loads a UNET-only Flux finetune beside the Flux text encoders and VAE', () => {
    const w = buildTextToImage(cases.find(([n]) => n.includes(`unet ${NSFW_UNET} loraAndFace`))![1]);
    expect(nodesOf(w, 'CheckpointLoaderSimple')).toHaveLength(0);
    expect(only(w, 'UNETLoader')[1].inputs).toEqual({ unet_name: NSFW_UNET, weight_dtype: 'default' });
    expect(only(w, 'DualCLIPLoader')[1].inputs).toEqual({ clip_name1: MODEL_FILES.clipL, clip_name2: MODEL_FILES.t5xxl, type: 'flux' });
    expect(only(w, 'VAELoader')[1].inputs).toEqual({ vae_name: MODEL_FILES.fluxVae });
    expect(w.lora!.inputs.model).toEqual(['unet', 0]);
    expect(w.positive!.inputs.clip).toEqual(['text_encoder', 0]);
    expect(w.decode!.inputs.vae).toEqual(['vae', 0]);
    // Without the file on the volume the worker refuses it, like ComfyUI.
    expect(validateWorkflow(w, { files: workerFiles('influencer_abc123.safetensors'), images: ['job_1_face.png'] }).ok).toBe(false);
  });

  it('defaults the model file when none is given', () => {
    const base = cases[0]![1];
    expect(buildTextToImage({ ...base, model: '' }).checkpoint!.inputs.ckpt_name).toBe(MODEL_FILES.fluxDevCheckpoint);
    expect(buildTextToImage({ ...base, engine: 'z_image_turbo', model: '' }).unet!.inputs.unet_name).toBe(MODEL_FILES.zImageTurbo);
  });

  it.each([2 ** 53, -1, 1.5, Number.NaN])('refuses seed %s', (seed) => {
    expect(() => buildTextToImage({ ...cases[0]![1], seed })).toThrow(RangeError);
  });
});

describe('buildInpaint', () => {
  const w = buildInpaint(inpaint);

  it('sends no negative prompt (Flux Fill samples at cfg 1)', () => {
    expect(w.negative!).toEqual({ class_type: 'ConditioningZeroOut', inputs: { conditioning: ['positive', 0] } });
    expect(nodesOf(w, 'CLIPTextEncode')).toHaveLength(1);
  });

  it('validates, also against the default worker files and the uploaded images', () => {
    expect(validateWorkflow(w)).toEqual({ ok: true, errors: [] });
    const images = [inpaint.sourceImageName, inpaint.maskImageName];
    expect(validateWorkflow(w, { files: DEFAULT_MODEL_FILES, images })).toEqual({ ok: true, errors: [] });
  });

  it('uses Flux Fill with InpaintModelConditioning (noise_mask false), DifferentialDiffusion and FluxGuidance 30', () => {
    expect(w.unet!.inputs.unet_name).toBe('flux1-fill-dev.safetensors');
    expect(w.inpaint_conditioning!.inputs).toMatchObject({ noise_mask: false, pixels: ['source_image', 0], mask: ['mask', 0] });
    expect(w.mask!).toMatchObject({ class_type: 'LoadImageMask', inputs: { image: inpaint.maskImageName } });
    expect(w.guidance!.inputs.guidance).toBe(30);
    expect(w.sampler!.inputs).toMatchObject({ model: ['differential_diffusion', 0], latent_image: ['inpaint_conditioning', 2], cfg: 1 });
  });

  it('is described back as built', () => {
    expect(describeWorkflow(w)).toEqual({
      prompt: inpaint.prompt,
      negativePrompt: '',
      steps: inpaint.steps,
      seed: inpaint.seed,
      baseModel: 'flux_dev',
      inpaint: { sourceImageName: inpaint.sourceImageName, maskImageName: inpaint.maskImageName },
    });
  });

  it('refuses an unsafe seed', () => {
    expect(() => buildInpaint({ ...inpaint, seed: 2 ** 60 })).toThrow(RangeError);
  });
});

describe('DEFAULT_MODEL_FILES', () => {
  it('holds every file the validator sees a default-configuration graph name, apart from character LoRAs', () => {
    const named: Record<string, Set<string>> = {};
    const defaults = cases.filter(([, p]) => typeof p.model === 'string').map(([, p]) => buildTextToImage(p));
    for (const w of [...defaults, buildInpaint(inpaint)]) {
      for (const [folder, names] of Object.entries(filesNamedBy(w))) {
        if (folder === 'loras') continue;
        for (const n of names) (named[folder] ??= new Set()).add(n);
      }
    }
    expect(Object.keys(named).length).toBeGreaterThan(5);
    for (const [folder, names] of Object.entries(named)) expect(DEFAULT_MODEL_FILES[folder], folder).toEqual(expect.arrayContaining([...names]));
  });

  it('uses only images the job uploads', () => {
    expect(imagesNamedBy(buildInpaint(inpaint)).sort()).toEqual([inpaint.maskImageName, inpaint.sourceImageName].sort());
  });
});
