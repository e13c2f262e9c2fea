import type { RunpodJob } from './types.js';

export interface ParsedRunpodError {
  message: string;
  type?: string;
  details?: string;
}

export interface JobOutcome {
  state: 'pending' | 'completed' | 'failed' | 'cancelled';
  output?: unknown;
  failure?: { message: string; permanent: boolean };
}

const MAX_MESSAGE = 2000;

/**
 * Parse RunPod's `error` defensively. It arrives as plain text (worker-comfyui validation text),
 * as runpod-python's JSON-encoded `{error_type, error_message, error_traceback, …}`, as an object
 * when a handler returned `{"error": {...}}`, sometimes JSON inside JSON, or as a generator's
 * "handler: … \ntraceback: …" string.
 */
export function parseRunpodError(error: unknown): ParsedRunpodError {
  return parse(error, 0);
}

function parse(error: unknown, depth: number): ParsedRunpodError {
  if (error === undefined || error === null || error === '') return { message: 'Unknown RunPod error' };
  if (typeof error === 'string') return parseText(error, depth);
  if (Array.isArray(error)) return { message: cap(error.map((e) => parse(e, depth + 1).message).join('; ')) };
  if (typeof error !== 'object') return { message: String(error) };
  if (depth > 8) return { message: cap(safeJson(error)) };

  const o = error as Record<string, unknown>;
  const inner = o.error_message ?? o.message ?? o.error ?? o.msg ?? o.detail;
  const base = inner === undefined ? { message: cap(safeJson(o)) } : parse(inner, depth + 1);
  const type = cleanType(o.error_type) ?? cleanType(o.type) ?? base.type;
  const details = [base.details, textOf(o.details), textOf(o.node_errors), textOf(o.error_traceback)].filter((d): d is string => !!d).join('\n');
  return { message: base.message, ...(type ? { type } : {}), ...(details ? { details } : {}) };
}

function parseText(raw: string, depth: number): ParsedRunpodError {
  const text = raw.trim();
  if (depth < 8 && /^[{["]/.test(text)) {
    try {
      return parse(JSON.parse(text), depth + 1);
    } catch {
      // Not JSON after all (e.g. "[Errno 2] …"): fall through to plain text.
    }
  }
  const generator = /^handler: ([\s\S]*?)\s*\ntraceback: ([\s\S]*)$/.exec(text);
  if (generator) return { message: cap(generator[1]!.trim()), details: generator[2]!.trim() };
  // worker-comfyui quotes ComfyUI's node errors as Python reprs: {'type': 'value_not_in_list', …}
  const comfyType = /'type': '([a-z_]+)'/.exec(text)?.[1];
  return { message: cap(text), ...(comfyType ? { type: comfyType } : {}) };
}

// ComfyUI validation error types, worker-comfyui's input checks and missing model files: re-running
// the same input on another worker fails the same way.
const PERMANENT = [
  /validation failed|failed validation|prompt_outputs_failed_validation|exception_during_(inner_)?validation/i,
  /value_not_in_list|value not in list|' not in \[/i,
  /required_input_missing|required input is missing|return_type_mismatch|bad_linked_input|invalid_input_type/i,
  /value_(smaller|bigger)_than_(min|max)|custom_validation_failed|dependency_cycle/i,
  /invalid[_ ]prompt|prompt_no_outputs|prompt has no outputs|missing the class_type|node '[^']*' not found/i,
  /(no such file or directory|file ?not ?found|could not find|does not exist|not found|missing)[^\n]{0,200}\.(safetensors|ckpt|pt|pth|bin|gguf|onnx|sft)\b/i,
  /\b(model|lora|checkpoint|unet|vae|clip)( file)? [^\n]{0,80}(not found|is missing|does not exist)/i,
  /missing 'workflow' parameter|invalid json format in input|'images' must be a list|please provide input/i,
  /error decoding base64|invalid input|bad input|input validation/i,
];
// These can share text with the permanent patterns but depend on the worker, not the input.
const TRANSIENT = [/out of memory|outofmemoryerror|cuda error|not reachable|websocket|connection (refused|reset)/i];

function isPermanent(p: ParsedRunpodError): boolean {
  const details = (p.details ?? '').split(/Traceback \(most recent call last\)/)[0];
  const text = [p.type ?? '', p.message, details].join('\n');
  return !TRANSIENT.some((r) => r.test(text)) && PERMANENT.some((r) => r.test(text));
}

/**
 * Interpret a status body (from /status, /runsync or a webhook) into an outcome. COMPLETED without
 * output, or with worker-comfyui `errors` and no images, is a failure; failures are permanent
 * (the input is wrong: validation, missing model/LoRA, bad input) or transient (anything else).
 */
export function interpretJob(job: RunpodJob): JobOutcome {
  const output = job.output;
  switch (job.status) {
    case 'IN_QUEUE':
    case 'IN_PROGRESS':
    case 'RUNNING':
      // While in progress, `output` may carry the handler's progress updates.
      return output === undefined ? { state: 'pending' } : { state: 'pending', output };
    case 'CANCELLED':
      return { state: 'cancelled' };
    case 'TIMED_OUT':
      return failed('RunPod job timed out (execution timeout or TTL reached)', false, output);
    case 'FAILED':
      return fromError(job.error ?? field(output, 'error'), output);
    case 'COMPLETED':
      return fromCompleted(output);
  }
}

function fromCompleted(output: unknown): JobOutcome {
  // RunPod drops a result too large to store and still reports COMPLETED.
  if (output === undefined || output === null) return failed('RunPod job completed without output', false);
  if (typeof output !== 'object' || Array.isArray(output)) return { state: 'completed', output };
  if (field(output, 'error') !== undefined) return fromError(field(output, 'error'), output);
  const images = field(output, 'images');
  if (Array.isArray(images) && images.length > 0) return { state: 'completed', output };
  const errors = field(output, 'errors');
  if (Array.isArray(errors) && errors.length > 0) return fromError('Job processing failed', output, errors);
  if (Array.isArray(images) || field(output, 'status') === 'success_no_images') {
    return failed('The workflow completed but produced no images', false, output);
  }
  return { state: 'completed', output };
}

// worker-comfyui fails with a generic "Job processing failed" and puts the reasons in output.details.
function fromError(error: unknown, output: unknown, reasons: unknown = field(output, 'details')): JobOutcome {
  const p = parseRunpodError(error);
  const extra = textOf(reasons);
  const parsed = extra && !p.details?.includes(extra) ? { ...p, details: [p.details, extra].filter(Boolean).join('\n') } : p;
  const message = extra && !p.message.includes(extra) ? cap(`${p.message}: ${extra.replace(/\n/g, '; ')}`) : p.message;
  return failed(message, isPermanent(parsed), output);
}

function failed(message: string, permanent: boolean, output?: unknown): JobOutcome {
  return { state: 'failed', ...(output === undefined ? {} : { output }), failure: { message, permanent } };
}

function field(o: unknown, key: string): unknown {
  return o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>)[key] : undefined;
}

function textOf(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : safeJson(x))).join('\n');
  return safeJson(v);
}

/** "<class 'torch.OutOfMemoryError'>" → "torch.OutOfMemoryError" */
function cleanType(v: unknown): string | undefined {
  if (typeof v !== 'string' || !v) return undefined;
  return /^<class '(.+)'>$/.exec(v)?.[1] ?? v;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function cap(s: string): string {
  return s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s;
}
