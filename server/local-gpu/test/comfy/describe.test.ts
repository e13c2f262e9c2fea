import { describe, expect, it } from 'vitest';
import { describeWorkflow, type WorkflowDescription } from '../../src/comfy/index.js';
import { referenceWorkflows } from './reference.js';

const street = 'a photo of a woman in a red coat, city street at dusk';

// Hand-read from the JSON files, so a walk that picks the wrong node shows up here.
const expected: Record<string, WorkflowDescription> = {
  'flux_dev_lora.json': {
    prompt: 'photo of TOK woman, studio portrait',
    negativePrompt: '',
    width: 896,
    height: 1152,
    steps: 20,
    seed: 42,
    baseModel: 'flux_dev',
    loraName: 'my_person_lora.safetensors',
  },
  'flux_dev_t2i_fp8_checkpoint.json': { prompt: street, negativePrompt: '', width: 1024, height: 1024, steps: 20, seed: 123456789, baseModel: 'flux_dev' },
  'flux_dev_t2i_split_files.json': { prompt: street, negativePrompt: '', width: 1024, height: 1024, steps: 20, seed: 123456789, baseModel: 'flux_dev' },
  'flux_fill_inpaint.json': {
    prompt: 'a woman wearing a pink shirt',
    negativePrompt: '',
    steps: 20,
    seed: 656821733471329,
    baseModel: 'flux_dev',
    inpaint: { sourceImageName: 'job_123_source.png', maskImageName: 'job_123_mask.png' },
  },
  'flux_pulid_ll.json': {
    prompt: 'A person sits in a cafe, smiling warmly at the camera, mid-shot',
    negativePrompt: '',
    width: 768,
    height: 1024,
    steps: 28,
    seed: 385539500762983,
    baseModel: 'flux_dev',
    faceImageName: 'job_123_face.png',
  },
  'reactor_swap_after_flux.json': {
    prompt: 'photo of a woman in a red coat, city street at dusk',
    negativePrompt: '',
    width: 1024,
    height: 1024,
    steps: 20,
    seed: 1,
    baseModel: 'flux_dev',
    faceImageName: 'job_123_face.png',
  },
  'z_image_turbo_t2i.json': {
    // The negative is ConditioningZeroOut of the positive: an empty prompt, not the positive text.
    prompt: 'photo of a woman in a red coat on a city street at dusk',
    negativePrompt: '',
    width: 1024,
    height: 1024,
    steps: 9,
    seed: 123456789,
    baseModel: 'z_image_turbo',
  },
};

describe('describeWorkflow on the reference workflows', () => {
  it('has an expectation for every reference workflow', () => {
    expect(referenceWorkflows().map(([name]) => name)).toEqual(Object.keys(expected).sort());
  });

  it.each(referenceWorkflows())('%s', (name, w) => {
    expect(describeWorkflow(w)).toEqual(expected[name]);
  });

  it('reads a negative prompt from a CFGGuider as well', () => {
    const w = structuredClone(referenceWorkflows().find(([n]) => n === 'flux_dev_t2i_split_files.json')![1]);
    w.neg = { class_type: 'CLIPTextEncode', inputs: { text: 'ugly', clip: ['11', 0] } };
    w['22'] = { class_type: 'CFGGuider', inputs: { model: ['30', 0], positive: ['26', 0], negative: ['neg', 0], cfg: 1 } };
    expect(describeWorkflow(w)).toMatchObject({ prompt: street, negativePrompt: 'ugly' });
  });

  it('refuses a graph without a sampler feeding the output', () => {
    expect(() =>
      describeWorkflow({ save: { class_type: 'SaveImage', inputs: { images: ['img', 0], filename_prefix: 'x' } }, img: { class_type: 'LoadImage', inputs: { image: 'a.png' } } }),
    ).toThrow(/No sampler/);
  });
});
