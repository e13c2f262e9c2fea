import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../config/env.js';
import { filesNamedBy } from '@content-studio/local-gpu/comfy';
import { buildTextToImage } from './text-to-image.js';
import { DEFAULT_MODEL_CONFIG, DEFAULT_MODEL_FILES, modelFilesMarkdown, modelFilesOf, volumeModelFiles, workflowModelFiles } from './model-files.js';

const paths = (id: string, c = DEFAULT_MODEL_CONFIG) =>
  workflowModelFiles(c)
    .find((w) => w.id === id)!
    .files.map((f) => `${f.folder}/${f.file}`);

describe('the model-file list', () => {
  it('is what the README shows (regenerate it with `pnpm models --markdown`)', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = /<!-- models:start[^>]*-->\n([\s\S]*?)\n<!-- models:end -->/.exec(readme)?.[1];
    expect(block).toBe(modelFilesMarkdown());
  });

  it('names PuLID-Flux files, including what it would download itself (EVA-CLIP, AntelopeV2, facexlib)', () => {
    expect(paths('flux_face_ref')).toEqual([
      'checkpoints/flux1-dev-fp8.safetensors',
      'pulid/pulid_flux_v0.9.1.safetensors',
      'clip/EVA02_CLIP_L_336_psz14_s6B.pt',
      ...['1k3d68.onnx', '2d106det.onnx', 'genderage.onnx', 'glintr100.onnx', 'scrfd_10g_bnkps.onnx'].map((f) => `insightface/models/antelopev2/${f}`),
      'facexlib/detection_Resnet50_Final.pth',
      'facexlib/parsing_bisenet.pth',
    ]);
  });

  it("names ReActor's files, including its NSFW detector (without it every swap comes back black)", () => {
    const files = paths('z_image_face_ref');
    expect(files).toEqual(
      expect.arrayContaining([
        'insightface/inswapper_128.onnx',
        'facerestore_models/codeformer-v0.1.0.pth',
        'insightface/models/buffalo_l/det_10g.onnx',
        'facedetection/detection_Resnet50_Final.pth',
        'nsfw_detector/vit-base-nsfw-detector/model.safetensors',
        'nsfw_detector/vit-base-nsfw-detector/config.json',
      ]),
    );
    expect(paths('z_image_lora')).toEqual(['diffusion_models/z_image_turbo_bf16.safetensors', 'text_encoders/qwen_3_4b.safetensors', 'vae/ae.safetensors']);
  });

  it('comes from the builders: every file a graph names is listed, in the folder the worker reads', () => {
    for (const w of workflowModelFiles()) expect(w.files.length, w.id).toBeGreaterThan(0);
    const graph = buildTextToImage({
      engine: 'z_image_turbo',
      model: 'z_image_turbo_bf16.safetensors',
      prompt: 'p',
      width: 64,
      height: 64,
      steps: 1,
      seed: 1,
      faceReference: { imageName: 'f.png' },
    });
    const named = Object.entries(filesNamedBy(graph)).flatMap(([folder, files]) => files.map((f) => `${folder}/${f}`));
    expect(modelFilesOf(graph).map((f) => `${f.folder}/${f.file}`)).toEqual(expect.arrayContaining(named));
  });

  it('follows the configuration: FLUX_NSFW_UNET swaps the NSFW checkpoint for UNET + text encoders + VAE', () => {
    const unet = { ...DEFAULT_MODEL_CONFIG, fluxNsfw: { unet: 'my-uncensored-flux.safetensors' } };
    expect(paths('flux_nsfw_lora', unet)).toEqual([
      'diffusion_models/my-uncensored-flux.safetensors',
      'text_encoders/clip_l.safetensors',
      'text_encoders/t5xxl_fp8_e4m3fn.safetensors',
      'vae/ae.safetensors',
    ]);
    expect(volumeModelFiles(unet).checkpoints).toEqual(['flux1-dev-fp8.safetensors']);
    expect(DEFAULT_MODEL_FILES.checkpoints).toEqual(['flux1-dev-fp8.safetensors', 'flux1-dev-uncensored-fp8.safetensors']);
  });
});
