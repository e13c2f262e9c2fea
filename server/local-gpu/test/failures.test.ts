import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { interpretJob } from '../../src/providers/runpod/index.js';
import { startTestGpu, t2i, writeLora, type Body } from './support.js';
import type { LocalGpuOptions } from '../src/types.js';

type Gpu = Awaited<ReturnType<typeof startTestGpu>>;
let gpu: Gpu;
let volumeDir: string;
beforeEach(async () => {
  volumeDir = await fs.mkdtemp(path.join(os.tmpdir(), 'local-gpu-volume-'));
});
afterEach(async () => {
  await gpu?.close();
  await fs.rm(volumeDir, { recursive: true, force: true });
});
async function start(o: LocalGpuOptions = {}) {
  gpu = await startTestGpu({ volumeDir, ...o });
}
async function runToEnd(input: unknown, extra: Body = {}, ep = 'image') {
  return gpu.until(ep, (await gpu.run(ep, input, extra)).id);
}
const permanent = (job: Body) => interpretJob(job as never).failure?.permanent;

describe('worker-comfyui validation', () => {
  it('fails an invalid graph fast, naming the node like worker-comfyui', async () => {
    await start({ defaults: { stepMs: 1000 } });
    const input = t2i();
    delete (input.workflow.sampler!.inputs as Record<string, unknown>).steps;
    const job = await runToEnd(input);
    expect(job.status).toBe('FAILED');
    expect(job.executionTime).toBeLessThan(500);
    expect(job.error).toBe(
      'Workflow validation failed:\n' +
        "• Node sampler (errors): [{'type': 'required_input_missing', 'message': 'Required input is missing', 'details': 'steps', 'extra_info': {'input_name': 'steps'}}]\n" +
        "• Node sampler (dependent_outputs): ['save']\n" +
        '• Node sampler (class_type): KSampler',
    );
    expect(permanent(job)).toBe(true);
  });

  it('fails on a LoRA missing from the volume, and runs once the file is dropped there', async () => {
    await start();
    const input = t2i({ lora: { name: 'influencer_42.safetensors' } });
    const missing = await runToEnd(input);
    expect(missing.status).toBe('FAILED');
    expect(missing.error).toContain(
      "• Node lora (errors): [{'type': 'value_not_in_list', 'message': 'Value not in list', 'details': \"lora_name: 'influencer_42.safetensors' not in []\"",
    );
    expect(permanent(missing)).toBe(true);
    await writeLora(volumeDir, 'influencer_42.safetensors');
    expect((await runToEnd(input)).status).toBe('COMPLETED');
  });

  it('reports an unknown node type as ComfyUI does, with the raw response', async () => {
    await start();
    const input = t2i();
    input.workflow.sampler!.class_type = 'KSamplerTurbo';
    const job = await runToEnd(input);
    expect(job.error).toMatch(/^Node 'KSamplerTurbo' not found\. The custom node may not be installed\.\. Raw response: \{"error": \{"type": "missing_node_type"/);
    expect(job.error).toContain(`"details": "Node ID '#sampler'"`);
  });

  it("checks the handler's input like worker-comfyui", async () => {
    await start();
    expect((await runToEnd({ images: [] })).error).toBe("Missing 'workflow' parameter");
    expect((await runToEnd(null)).error).toBe('Please provide input');
    expect((await runToEnd({ workflow: {}, images: [{ name: 'x.png' }] })).error).toBe("'images' must be a list of objects with 'name' and 'image' keys");
    const badUpload = await runToEnd({ ...t2i(), images: [{ name: 'face.png', image: 'abcde' }] });
    expect(badUpload).toMatchObject({
      status: 'FAILED',
      error: 'Failed to upload one or more input images',
      output: { details: ['Error decoding base64 for face.png: Invalid base64-encoded string: number of data characters (5) cannot be 1 more than a multiple of 4'] },
    });
    const notAnImage = await runToEnd(t2i({ faceImage: Buffer.from('definitely not a png') }));
    expect(notAnImage).toMatchObject({
      status: 'FAILED',
      error: 'Job processing failed',
      output: { details: ["Workflow execution error: Node Type: LoadImage, Node ID: face_image, Message: cannot identify image file '/comfyui/input/face.png'"] },
    });
  });
});

describe('injected failures', () => {
  it("transient: FAILED mid-sampling with runpod-python's JSON error for a CUDA OOM", async () => {
    await start({ defaults: { stepMs: 20, failures: [{ kind: 'transient', when: { promptIncludes: 'cafe' } }] } });
    const job = await runToEnd(t2i({ steps: 10 }));
    expect(job.status).toBe('FAILED');
    expect(job.executionTime).toBeGreaterThanOrEqual(90);
    const error = JSON.parse(job.error) as Record<string, string>;
    expect(error).toMatchObject({ error_type: "<class 'torch.OutOfMemoryError'>", worker_id: job.workerId });
    expect(error.error_message).toMatch(/^CUDA out of memory\. Tried to allocate/);
    expect(error.error_traceback).toContain('torch.OutOfMemoryError: CUDA out of memory');
    expect(job.error).toMatch(/^\{"error_type": "<class 'torch\.OutOfMemoryError'>", "error_message": /);
    expect(permanent(job)).toBe(false);
  });

  it('permanent: FAILED with a validation error naming the model loader', async () => {
    await start({ defaults: { failures: [{ kind: 'permanent', when: { seed: 99 } }] } });
    expect((await runToEnd(t2i({ seed: 1 }))).status).toBe('COMPLETED');
    const job = await runToEnd(t2i({ seed: 99 }));
    expect(job.status).toBe('FAILED');
    expect(job.error).toMatch(
      /^Workflow validation failed:\n• Node checkpoint \(errors\): \[\{'type': 'value_not_in_list', 'message': 'Value not in list', 'details': "ckpt_name: 'flux1-dev-fp8\.safetensors' not in \['flux1-dev-uncensored-fp8\.safetensors'\]"/,
    );
    expect(job.error).toContain('\n\nAvailable checkpoint models: flux1-dev-uncensored-fp8.safetensors');
    expect(permanent(job)).toBe(true);
  });

  it('hang: stays IN_PROGRESS until the execution timeout, then TIMED_OUT (endpoint or policy timeout)', async () => {
    await start({ defaults: { executionTimeoutMs: 150, failures: [{ kind: 'hang' }] } });
    const { id } = await gpu.run('image', t2i());
    expect((await gpu.until('image', id, ['IN_PROGRESS'])).status).toBe('IN_PROGRESS');
    const job = await gpu.until('image', id);
    expect(job.status).toBe('TIMED_OUT');
    expect(job.executionTime).toBeGreaterThanOrEqual(140);
    const byPolicy = await runToEnd(t2i(), { policy: { executionTimeout: 60 } });
    expect(byPolicy.status).toBe('TIMED_OUT');
    expect(byPolicy.executionTime).toBeLessThan(140);
    expect(gpu.stats()).toMatchObject({ timedOut: 2, failed: 2 });
  });

  it('applies a rule at most `times` times', async () => {
    await start({ defaults: { failures: [{ kind: 'transient', times: 2 }] } });
    const statuses = [];
    for (let seed = 0; seed < 4; seed++) statuses.push((await runToEnd(t2i({ seed }))).status);
    expect(statuses).toEqual(['FAILED', 'FAILED', 'COMPLETED', 'COMPLETED']);
  });

  it('draws transient failures from the seeded rate, repeatably', async () => {
    const pattern = async () => {
      await start({ defaults: { workers: 1, transientFailureRate: 0.5, rngSeed: 42 } });
      const statuses = [];
      for (let seed = 0; seed < 16; seed++) statuses.push((await runToEnd(t2i({ seed }))).status);
      await gpu.close();
      return statuses.join(',');
    };
    const first = await pattern();
    expect(first).toContain('FAILED');
    expect(first).toContain('COMPLETED');
    expect(await pattern()).toBe(first);
  });
});
