import { describe, expect, it } from 'vitest';
import { packMode } from './mode.js';

const base = { loraStatus: 'ready', loraModelKey: 'flux.safetensors', zImageLoraModelKey: 'z.safetensors', triggerWord: 'csx1' };

describe('packMode', () => {
  it('loads the LoRA of the pack engine’s base model', () => {
    expect(packMode(base, 'flux_dev')).toEqual({ mode: 'lora', lora: { modelKey: 'flux.safetensors', triggerWord: 'csx1' }, note: null });
    expect(packMode(base, 'z_image_turbo')).toEqual({ mode: 'lora', lora: { modelKey: 'z.safetensors', triggerWord: 'csx1' }, note: null });
  });

  it('falls back to face reference and says so when only the other base model has a LoRA', () => {
    expect(packMode({ ...base, zImageLoraModelKey: null }, 'z_image_turbo')).toMatchObject({
      mode: 'face_ref',
      lora: null,
      note: expect.stringMatching(/^No Z-Image LoRA .*Flux packs\.$/),
    });
    expect(packMode({ ...base, loraModelKey: null }, 'flux_dev')).toMatchObject({ mode: 'face_ref', note: expect.stringMatching(/^No Flux LoRA .*Z-Image-Turbo packs\.$/) });
  });

  it('is plain face reference, with no note, without a serving LoRA', () => {
    expect(packMode({ ...base, loraModelKey: null, zImageLoraModelKey: null }, 'flux_dev')).toEqual({ mode: 'face_ref', lora: null, note: null });
    expect(packMode({ ...base, loraStatus: 'failed' }, 'z_image_turbo')).toEqual({ mode: 'face_ref', lora: null, note: null });
    // The last ready LoRA keeps serving while a new base image's is made.
    expect(packMode({ ...base, loraStatus: 'training' }, 'z_image_turbo').mode).toBe('lora');
  });
});
