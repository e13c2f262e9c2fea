import { describe, expect, it } from 'vitest';
import { buildInpaint, buildTextToImage, type TextToImageParams } from '../../../src/providers/comfy/index.js';
import { filesNamedBy, formatValidationErrors, imagesNamedBy, modelFolderFor, nodeCatalog, validateWorkflow, type ComfyWorkflow, type NodeError } from '../../src/comfy/index.js';
import { referenceWorkflows, workerFiles } from './reference.js';

const flux: TextToImageParams = {
  engine: 'flux_dev',
  model: 'flux1-dev-fp8.safetensors',
  prompt: 'photo of a woman in a red coat',
  width: 1024,
  height: 1024,
  steps: 20,
  seed: 42,
  faceReference: { imageName: 'face.png' },
};
const files = workerFiles();
const images = ['face.png', 'source.png', 'mask.png'];

/** Applies `mutate` to a graph that validates, and returns only the errors the mutation caused. */
function errorsAfter(base: ComfyWorkflow, mutate: (w: ComfyWorkflow) => void, opts = { files, images }): NodeError[] {
  expect(validateWorkflow(base, opts)).toEqual({ ok: true, errors: [] });
  const w = structuredClone(base);
  mutate(w);
  const result = validateWorkflow(w, opts);
  expect(result.ok).toBe(false);
  return result.errors;
}

const fluxGraph = () => buildTextToImage(flux);
const zImageGraph = () => buildTextToImage({ ...flux, engine: 'z_image_turbo', model: 'z_image_turbo_bf16.safetensors', steps: 9 });
const inpaintGraph = () =>
  buildInpaint({ model: 'flux1-fill-dev.safetensors', sourceImageName: 'source.png', maskImageName: 'mask.png', prompt: 'a pink shirt', seed: 7, steps: 20 });

describe('validateWorkflow on the reference workflows', () => {
  it.each(referenceWorkflows())('%s validates against the catalogue', (_name, w) => {
    expect(validateWorkflow(w)).toEqual({ ok: true, errors: [] });
  });

  it.each(referenceWorkflows())('%s validates on a worker holding exactly the files it names', (_name, w) => {
    expect(validateWorkflow(w, { files: filesNamedBy(w), images: imagesNamedBy(w) })).toEqual({ ok: true, errors: [] });
  });
});

describe('validateWorkflow mutations', () => {
  it.each<[string, () => ComfyWorkflow, (w: ComfyWorkflow) => void, Partial<NodeError>]>([
    ['a removed required input', fluxGraph, (w) => delete w.sampler!.inputs.steps, { nodeId: 'sampler', input: 'steps', type: 'required_input_missing' }],
    [
      'a link to an output of the wrong type',
      fluxGraph,
      (w) => (w.sampler!.inputs.model = ['positive', 0]),
      { nodeId: 'sampler', input: 'model', type: 'return_type_mismatch', details: 'model, CONDITIONING != MODEL' },
    ],
    ['a link to a missing node', fluxGraph, (w) => (w.decode!.inputs.samples = ['99', 0]), { nodeId: 'decode', input: 'samples', type: 'bad_linked_input' }],
    ['a link to an output index the node lacks', fluxGraph, (w) => (w.decode!.inputs.vae = ['checkpoint', 3]), { nodeId: 'decode', input: 'vae', type: 'bad_linked_input' }],
    ['a link that is not [id, index]', fluxGraph, (w) => (w.decode!.inputs.vae = ['checkpoint', 2, 0]), { nodeId: 'decode', input: 'vae', type: 'bad_linked_input' }],
    ['a literal where a link is needed', fluxGraph, (w) => (w.decode!.inputs.vae = 'ae.safetensors'), { nodeId: 'decode', input: 'vae', type: 'bad_linked_input' }],
    ['a number below min', fluxGraph, (w) => (w.latent!.inputs.width = 8), { nodeId: 'latent', input: 'width', type: 'value_smaller_than_min' }],
    ['a number above max', fluxGraph, (w) => (w.guidance!.inputs.guidance = 101), { nodeId: 'guidance', input: 'guidance', type: 'value_bigger_than_max' }],
    ['a PuLID weight above max', fluxGraph, (w) => (w.pulid!.inputs.weight = 6), { nodeId: 'pulid', input: 'weight', type: 'value_bigger_than_max' }],
    ['a float for an INT', fluxGraph, (w) => (w.sampler!.inputs.steps = 20.5), { nodeId: 'sampler', input: 'steps', type: 'invalid_input_type' }],
    ['a numeric string for an INT', fluxGraph, (w) => (w.sampler!.inputs.steps = '20'), { nodeId: 'sampler', input: 'steps', type: 'invalid_input_type' }],
    ['null for an INT', fluxGraph, (w) => (w.latent!.inputs.batch_size = null), { nodeId: 'latent', input: 'batch_size', type: 'invalid_input_type' }],
    ['a string for a FLOAT', fluxGraph, (w) => (w.sampler!.inputs.cfg = '1.0'), { nodeId: 'sampler', input: 'cfg', type: 'invalid_input_type' }],
    ['a number for a STRING', fluxGraph, (w) => (w.positive!.inputs.text = 5), { nodeId: 'positive', input: 'text', type: 'invalid_input_type' }],
    [
      'a string for a BOOLEAN (inpaint noise_mask)',
      inpaintGraph,
      (w) => (w.inpaint_conditioning!.inputs.noise_mask = 'false'),
      { nodeId: 'inpaint_conditioning', input: 'noise_mask', type: 'invalid_input_type' },
    ],
    ['a string for a BOOLEAN (ReActor enabled)', zImageGraph, (w) => (w.face_swap!.inputs.enabled = 'true'), { nodeId: 'face_swap', input: 'enabled', type: 'invalid_input_type' }],
    [
      'a combo value not in the list (COMBO form)',
      zImageGraph,
      (w) => (w.text_encoder!.inputs.type = 'flux'),
      { nodeId: 'text_encoder', input: 'type', type: 'value_not_in_list' },
    ],
    [
      'a combo value not in the list (list form)',
      fluxGraph,
      (w) => (w.sampler!.inputs.sampler_name = 'euler_fancy'),
      { nodeId: 'sampler', input: 'sampler_name', type: 'value_not_in_list' },
    ],
    [
      'a model file the worker lacks',
      fluxGraph,
      (w) => (w.checkpoint!.inputs.ckpt_name = 'sdxl.safetensors'),
      { nodeId: 'checkpoint', input: 'ckpt_name', type: 'value_not_in_list' },
    ],
    [
      'a PuLID file the worker lacks',
      fluxGraph,
      (w) => (w.pulid_model!.inputs.pulid_file = 'pulid_flux_v0.9.0.safetensors'),
      { nodeId: 'pulid_model', input: 'pulid_file', type: 'value_not_in_list' },
    ],
    ['a VAE the worker lacks', inpaintGraph, (w) => (w.vae!.inputs.vae_name = 'sdxl_vae.safetensors'), { nodeId: 'vae', input: 'vae_name', type: 'value_not_in_list' }],
    [
      'an input image that was not uploaded',
      fluxGraph,
      (w) => (w.face_image!.inputs.image = 'other.png'),
      { nodeId: 'face_image', input: 'image', type: 'custom_validation_failed' },
    ],
    ['a mask image that was not uploaded', inpaintGraph, (w) => (w.mask!.inputs.image = 'other.png'), { nodeId: 'mask', input: 'image', type: 'custom_validation_failed' }],
    ['an unknown class_type', fluxGraph, (w) => (w.guidance!.class_type = 'FluxGuidancePlus'), { nodeId: 'guidance', classType: 'FluxGuidancePlus', type: 'missing_node_type' }],
    ['a node without class_type', fluxGraph, (w) => delete (w.guidance as { class_type?: string }).class_type, { nodeId: 'guidance', type: 'invalid_prompt' }],
    ['a seed above 2^53-1', fluxGraph, (w) => (w.sampler!.inputs.seed = 2 ** 53), { nodeId: 'sampler', input: 'seed', type: 'invalid_input_type' }],
    ['a negative seed', fluxGraph, (w) => (w.sampler!.inputs.seed = -1), { nodeId: 'sampler', input: 'seed', type: 'value_smaller_than_min' }],
  ])('reports %s on the right node', (_what, build, mutate, expected) => {
    const errors = errorsAfter(build(), mutate);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject(expected);
  });

  it('reports a graph without an output node', () => {
    const errors = errorsAfter(fluxGraph(), (w) => delete w.save);
    expect(errors).toEqual([expect.objectContaining({ type: 'prompt_no_outputs', nodeId: '' })]);
  });

  it('rejects something that is not a graph', () => {
    expect(validateWorkflow([1, 2]).errors).toEqual([expect.objectContaining({ type: 'invalid_prompt' })]);
    expect(validateWorkflow(null).ok).toBe(false);
  });

  it('collects every error instead of stopping at the first', () => {
    const errors = errorsAfter(fluxGraph(), (w) => {
      delete w.sampler!.inputs.cfg;
      w.latent!.inputs.height = 100_000;
      w.lonely = { class_type: 'NoSuchNode', inputs: {} };
    });
    expect(errors.map((e) => [e.nodeId, e.type]).sort()).toEqual([
      ['latent', 'value_bigger_than_max'],
      ['lonely', 'missing_node_type'],
      ['sampler', 'required_input_missing'],
    ]);
  });

  it('ignores nodes no output depends on, as ComfyUI does', () => {
    const w = fluxGraph();
    w.unused = { class_type: 'KSamplerSelect', inputs: { sampler_name: 'not-a-sampler' } };
    expect(validateWorkflow(w).ok).toBe(true);
  });

  it('checks model files only when the worker file list is given', () => {
    const w = fluxGraph();
    w.checkpoint!.inputs.ckpt_name = 'anything.safetensors';
    expect(validateWorkflow(w).ok).toBe(true);
    expect(
      validateWorkflow(w, { files: {} })
        .errors.map((e) => e.nodeId)
        .sort(),
    ).toEqual(['checkpoint', 'pulid_model']);
  });

  it('finds text encoders in the legacy models/clip folder and keeps built-in VAE choices', () => {
    const w = inpaintGraph();
    const legacy = { ...workerFiles(), text_encoders: [], clip: ['clip_l.safetensors', 't5xxl_fp8_e4m3fn.safetensors'] };
    expect(validateWorkflow(w, { files: legacy, images })).toEqual({ ok: true, errors: [] });
    w.vae!.inputs.vae_name = 'pixel_space';
    expect(validateWorkflow(w, { files: { ...legacy, vae: [] }, images }).ok).toBe(true);
  });
});

describe('modelFolderFor', () => {
  it('maps loader inputs to their models folder', () => {
    expect(modelFolderFor('CheckpointLoaderSimple', 'ckpt_name')).toBe('checkpoints');
    expect(modelFolderFor('LoraLoaderModelOnly', 'lora_name')).toBe('loras');
    expect(modelFolderFor('UNETLoader', 'unet_name')).toBe('diffusion_models');
    expect(modelFolderFor('DualCLIPLoader', 'clip_name2')).toBe('text_encoders');
    expect(modelFolderFor('PulidFluxModelLoader', 'pulid_file')).toBe('pulid');
    expect(modelFolderFor('KSampler', 'sampler_name')).toBeUndefined();
  });

  it('covers every catalogue combo whose option list is empty, except uploaded images', () => {
    for (const [classType, def] of Object.entries(nodeCatalog())) {
      for (const [name, [type, config]] of Object.entries({ ...def.input.required, ...def.input.optional })) {
        const options = Array.isArray(type) ? type : type === 'COMBO' ? (config?.options as unknown[]) : undefined;
        if (!options || options.length > 0 || config?.image_upload) continue;
        expect(modelFolderFor(classType, name), `${classType}.${name}`).toBeDefined();
      }
    }
  });
});

describe('formatValidationErrors', () => {
  it('names node ids, classes and error types', () => {
    const w = fluxGraph();
    w.sampler!.inputs.sampler_name = 'euler_fancy';
    delete w.decode!.inputs.vae;
    const text = formatValidationErrors(validateWorkflow(w, { files, images }).errors);
    expect(text.split('\n')[0]).toBe('Workflow validation failed:');
    expect(text).toContain("• Node sampler (KSampler) value_not_in_list: Value not in list: sampler_name: 'euler_fancy' not in (list of length 44)");
    expect(text).toContain('• Node decode (VAEDecode) required_input_missing: Required input is missing: vae');
  });

  it('formats prompt-level errors without a node', () => {
    expect(formatValidationErrors([{ nodeId: '', classType: '', type: 'prompt_no_outputs', message: 'Prompt has no outputs' }])).toBe(
      'Workflow validation failed:\n• Prompt prompt_no_outputs: Prompt has no outputs',
    );
    expect(formatValidationErrors([])).toBe('');
  });
});
