import { pyJson } from './python-format.js';

/** The runpod-python release the simulated workers claim to run (it appears in error payloads). */
const RUNPOD_VERSION = '1.7.9';

function exceptionPayload(errorType: string, message: string, traceback: string, workerId: string): string {
  // runpod-python's run_job: an exception escaping the handler becomes this JSON-encoded string.
  return pyJson({
    error_type: `<class '${errorType}'>`,
    error_message: message,
    error_traceback: traceback,
    hostname: workerId,
    worker_id: workerId,
    runpod_version: RUNPOD_VERSION,
  });
}

/** An unexpected exception in the simulated worker, reported as runpod-python reports one. */
export function handlerException(err: unknown, workerId: string): string {
  const e = err instanceof Error ? err : new Error(String(err));
  return exceptionPayload(e.name === 'Error' ? 'Exception' : e.name, e.message, `Traceback (most recent call last):\n${e.stack ?? ''}\n`, workerId);
}

/**
 * The injected transient failure: a CUDA out-of-memory in the sampler, the most common reason a
 * healthy workflow fails on one worker and succeeds on the next.
 */
export function cudaOutOfMemory(workerId: string): string {
  const message =
    'CUDA out of memory. Tried to allocate 2.25 GiB. GPU 0 has a total capacity of 23.55 GiB of which 1.06 GiB is free. ' +
    'Process 1 has 22.48 GiB memory in use. Of the allocated memory 21.62 GiB is allocated by PyTorch, and 412.07 MiB is ' +
    'reserved by PyTorch but unallocated. If reserved but unallocated memory is large try setting ' +
    'PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.';
  const traceback = [
    'Traceback (most recent call last):',
    '  File "/usr/local/lib/python3.12/dist-packages/runpod/serverless/modules/rp_job.py", line 182, in run_job',
    '    handler_return = handler(job)',
    '  File "/comfyui/execution.py", line 496, in execute',
    '    output_data, output_ui, has_subgraph = get_output_data(obj, input_data_all)',
    '  File "/comfyui/comfy/ldm/flux/model.py", line 204, in forward_orig',
    '    img, txt = block(img=img, txt=txt, vec=vec, pe=pe)',
    `torch.OutOfMemoryError: ${message}`,
    '',
  ].join('\n');
  return exceptionPayload('torch.OutOfMemoryError', message, traceback, workerId);
}
