import { describe, expect, it } from 'vitest';
import { probeVerdict } from './probe-verdict.js';

describe('probeVerdict', () => {
  const transient = { class: 'transient', message: 'CUDA error: out of memory' } as const;
  it('probes a transient failure again until the last probe, then fails permanently with the reason', () => {
    expect(probeVerdict(transient, 1, 3)).toBe('probe_again');
    expect(probeVerdict(transient, 2, 3)).toBe('probe_again');
    expect(probeVerdict(transient, 3, 3)).toEqual({ class: 'permanent', message: 'The image endpoint could not load the LoRA: CUDA error: out of memory (3 probes)' });
  });
  it('fails at once on a permanent or configuration failure', () => {
    expect(probeVerdict({ class: 'permanent', message: "Value not in list: lora_name: 'x.safetensors'" }, 1, 3)).toEqual({
      class: 'permanent',
      message: "The image endpoint could not load the LoRA: Value not in list: lora_name: 'x.safetensors'",
    });
    expect(probeVerdict({ class: 'config', message: 'The GPU provider rejected the API key — check RUNPOD_API_KEY.' }, 1, 3)).toMatchObject({ class: 'config' });
  });
});
