import { describe, expect, it } from 'vitest';
import { interpretJob, parseRunpodError, type RunpodJob } from './index.js';

// Shapes as produced by runpod-python (exception → JSON-encoded error_info) and worker-comfyui.
const oom = JSON.stringify({
  error_type: "<class 'torch.OutOfMemoryError'>",
  error_message: 'CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.64 GiB of which 1.12 GiB is free.',
  error_traceback: 'Traceback (most recent call last):\n  File "/handler.py", line 512, in handler\n    raise ValueError("invalid prompt")\n',
  hostname: 'abc123-644110a9',
  worker_id: 'abc123',
  runpod_version: '1.7.9',
});
const validation =
  "Workflow validation failed:\n• Node 4 (errors): [{'type': 'value_not_in_list', 'message': 'Value not in list', " +
  "'details': \"ckpt_name: 'flux1-dev-fp8.safetensors' not in ['sd_xl_base_1.0.safetensors']\", 'extra_info': {'input_name': 'ckpt_name'}}]\n" +
  "• Node 4 (dependent_outputs): ['9']\n• Node 4 (class_type): CheckpointLoaderSimple";
const job = (j: Partial<RunpodJob>): RunpodJob => ({ id: 'j1', status: 'COMPLETED', ...j });

describe('parseRunpodError', () => {
  it('reads runpod-python JSON error info', () => {
    const p = parseRunpodError(oom);
    expect(p.type).toBe('torch.OutOfMemoryError');
    expect(p.message).toMatch(/^CUDA out of memory/);
    expect(p.details).toContain('Traceback');
  });

  it('unwraps JSON encoded twice and JSON inside error_message', () => {
    const inner = JSON.stringify({ error: { type: 'invalid_prompt', message: 'Cannot execute because a node is missing the class_type property.' } });
    const p = parseRunpodError(JSON.stringify(JSON.stringify({ error_type: "<class 'ValueError'>", error_message: inner })));
    expect(p).toMatchObject({ type: 'ValueError', message: 'Cannot execute because a node is missing the class_type property.' });
  });

  it('keeps plain text and finds the ComfyUI error type in worker-comfyui text', () => {
    expect(parseRunpodError(validation)).toMatchObject({ message: validation, type: 'value_not_in_list' });
    expect(parseRunpodError('[Errno 2] No such file or directory').message).toBe('[Errno 2] No such file or directory');
  });

  it('splits generator errors and tolerates nothing', () => {
    expect(parseRunpodError('handler: boom \ntraceback: Traceback ...')).toEqual({ message: 'boom', details: 'Traceback ...' });
    expect(parseRunpodError(undefined).message).toBe('Unknown RunPod error');
    expect(parseRunpodError({ status: 'x' }).message).toBe('{"status":"x"}');
  });
});

describe('interpretJob', () => {
  it('is pending while queued or running, passing progress through', () => {
    expect(interpretJob(job({ status: 'IN_QUEUE' }))).toEqual({ state: 'pending' });
    expect(interpretJob(job({ status: 'IN_PROGRESS', output: { progress: 0.4 } }))).toEqual({ state: 'pending', output: { progress: 0.4 } });
    expect(interpretJob(job({ status: 'RUNNING' })).state).toBe('pending');
  });

  it('completes with images', () => {
    const output = { images: [{ filename: 'ComfyUI_00001_.png', type: 'base64', data: 'iVBORw0KGgo=' }] };
    expect(interpretJob(job({ output }))).toEqual({ state: 'completed', output });
  });

  it('fails transiently when COMPLETED has no output (result too large)', () => {
    expect(interpretJob(job({ output: undefined })).failure).toEqual({ message: 'RunPod job completed without output', permanent: false });
  });

  it('fails when COMPLETED carries worker-comfyui errors and no images', () => {
    const r = interpretJob(job({ output: { errors: ['Workflow execution error: Node Type: KSampler, Node ID: 3, Message: CUDA out of memory'] } }));
    expect(r.state).toBe('failed');
    expect(r.failure).toMatchObject({ permanent: false });
    expect(r.failure!.message).toContain('KSampler');
    expect(interpretJob(job({ output: { status: 'success_no_images', images: [] } })).state).toBe('failed');
  });

  it('classifies validation failures and missing models as permanent', () => {
    expect(interpretJob(job({ status: 'FAILED', error: validation })).failure).toMatchObject({ permanent: true });
    const missingLora = JSON.stringify({
      error_type: "<class 'FileNotFoundError'>",
      error_message: "[Errno 2] No such file or directory: '/runpod-volume/models/loras/influencer_7f3a.safetensors'",
    });
    expect(interpretJob(job({ status: 'FAILED', error: missingLora })).failure).toMatchObject({ permanent: true });
    expect(interpretJob(job({ status: 'FAILED', error: "Missing 'workflow' parameter" })).failure?.permanent).toBe(true);
  });

  it('classifies OOM, crashes and timeouts as transient even when the traceback mentions a bad prompt', () => {
    expect(interpretJob(job({ status: 'FAILED', error: oom })).failure).toMatchObject({ permanent: false, message: expect.stringMatching(/CUDA/) });
    expect(interpretJob(job({ status: 'FAILED', error: 'ComfyUI server (127.0.0.1:8188) not reachable after multiple retries.' })).failure?.permanent).toBe(false);
    expect(interpretJob(job({ status: 'FAILED', error: 'worker exited unexpectedly' })).failure?.permanent).toBe(false);
    expect(interpretJob(job({ status: 'TIMED_OUT' })).failure?.permanent).toBe(false);
  });

  it('reads the reasons worker-comfyui puts in output.details', () => {
    const r = interpretJob(
      job({
        status: 'FAILED',
        error: 'Job processing failed',
        output: { details: ["Workflow execution error: Node Type: LoraLoaderModelOnly, Node ID: 12, Message: lora file 'x.safetensors' not found"] },
      }),
    );
    expect(r.failure).toMatchObject({ permanent: true });
    expect(r.failure!.message).toMatch(/^Job processing failed: Workflow execution error/);
  });

  it('reports cancellation', () => {
    expect(interpretJob(job({ status: 'CANCELLED' }))).toEqual({ state: 'cancelled' });
  });
});
