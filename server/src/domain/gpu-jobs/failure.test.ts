import { describe, expect, it } from 'vitest';
import { timedOut } from './failure.js';

describe('timedOut', () => {
  const runpod = { class: 'transient', message: 'RunPod job timed out (execution timeout or TTL reached)' } as const;
  it('leaves an image transient (retried on another worker)', () => {
    expect(timedOut({ kind: 'image', executionTimeoutMs: 600_000 }, runpod)).toBe(runpod);
    expect(timedOut({ kind: 'sheet_image', executionTimeoutMs: 600_000 }, runpod)).toBe(runpod);
  });
  it('makes a LoRA training permanent with the timeout it ran out of, in readable units', () => {
    expect(timedOut({ kind: 'lora_training', executionTimeoutMs: 3 * 3_600_000 }, runpod)).toEqual({
      class: 'permanent',
      message: 'The training ran past its execution timeout of 3 h (GPU_TRAINING_EXECUTION_TIMEOUT_MS) and was stopped; it is not retried by itself.',
    });
    expect(timedOut({ kind: 'lora_training', executionTimeoutMs: 5_400_000 }, runpod).message).toContain('of 90 min');
    expect(timedOut({ kind: 'lora_training', executionTimeoutMs: 6000 }, runpod).message).toContain('of 6 s');
  });
});
