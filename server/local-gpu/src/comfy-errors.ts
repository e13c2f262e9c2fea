import { modelFolderFor, nodeCatalog, type NodeError } from './comfy/index.js';
import { pyJson, pyRepr } from './python-format.js';

type Graph = Record<string, { class_type?: unknown; inputs?: Record<string, unknown> }>;

/** ComfyUI returns these at once, with empty node_errors, instead of per-node reasons. */
const PROMPT_LEVEL = new Set(['invalid_prompt', 'missing_node_type', 'prompt_no_outputs']);

function isLink(v: unknown): v is [string, number] {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'number';
}

/** Output nodes (SaveImage, PreviewImage) whose result depends on `nodeId`: ComfyUI's dependent_outputs. */
function dependentOutputs(graph: Graph, nodeId: string): string[] {
  const catalog = nodeCatalog();
  const outputs = Object.keys(graph).filter((id) => catalog[String(graph[id]?.class_type)]?.output_node);
  return outputs.filter((out) => {
    const seen = new Set([out]);
    const stack = [out];
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      if (id === nodeId) return true;
      for (const v of Object.values(graph[id]?.inputs ?? {})) {
        if (isLink(v) && !seen.has(v[0])) {
          seen.add(v[0]);
          stack.push(v[0]);
        }
      }
    }
    return false;
  });
}

/**
 * The text worker-comfyui's handler.py fails a job with when ComfyUI's /prompt answers 400:
 * "Workflow validation failed:" then, per node of node_errors, a bullet for each of its keys
 * (errors, dependent_outputs, class_type) with Python reprs of the values. Prompt-level errors
 * (unknown node type, no outputs) come back as "<message>. Raw response: <json body>".
 */
export function workflowValidationError(errors: NodeError[], workflow: unknown, files: Record<string, string[]>): string {
  const graph = (workflow && typeof workflow === 'object' ? workflow : {}) as Graph;
  const promptError = errors.find((e) => PROMPT_LEVEL.has(e.type));
  if (promptError) {
    const extraInfo = promptError.type === 'missing_node_type' ? { node_id: promptError.nodeId, class_type: promptError.classType, node_title: promptError.classType } : {};
    const body = { error: { type: promptError.type, message: promptError.message, details: promptError.details ?? '', extra_info: extraInfo }, node_errors: {} };
    return `${promptError.message}. Raw response: ${pyJson(body)}`;
  }
  const nodes = new Map<string, { classType: string; reasons: Record<string, unknown>[] }>();
  for (const e of errors) {
    const entry = nodes.get(e.nodeId) ?? { classType: e.classType, reasons: [] };
    entry.reasons.push({ type: e.type, message: e.message, details: e.details ?? '', extra_info: e.input ? { input_name: e.input } : {} });
    nodes.set(e.nodeId, entry);
  }
  const details: string[] = [];
  for (const [id, { classType, reasons }] of nodes) {
    details.push(`Node ${id} (errors): ${pyRepr(reasons)}`);
    details.push(`Node ${id} (dependent_outputs): ${pyRepr(dependentOutputs(graph, id))}`);
    details.push(`Node ${id} (class_type): ${classType}`);
  }
  let message = `Workflow validation failed:\n${details.map((d) => `• ${d}`).join('\n')}`;
  if (details.some((d) => d.includes('not in list') && d.includes('ckpt_name'))) {
    const checkpoints = files.checkpoints ?? [];
    message += checkpoints.length
      ? `\n\nAvailable checkpoint models: ${checkpoints.join(', ')}`
      : '\n\nNo checkpoint models appear to be available. Please check your model installation.';
  }
  return message;
}

/**
 * The injected permanent failure: the graph's first model file is reported missing from the
 * volume, exactly as a real missing file fails validation (so clients classify it the same way).
 */
export function injectedMissingModel(workflow: unknown, files: Record<string, string[]>): string {
  const graph = (workflow && typeof workflow === 'object' ? workflow : {}) as Graph;
  for (const [nodeId, node] of Object.entries(graph)) {
    const classType = String(node.class_type);
    for (const [input, value] of Object.entries(node.inputs ?? {})) {
      const folder = modelFolderFor(classType, input);
      if (!folder || typeof value !== 'string') continue;
      const others = (files[folder] ?? []).filter((f) => f !== value);
      const list = others.length > 20 ? `(list of length ${others.length})` : pyRepr(others);
      const error: NodeError = { nodeId, classType, input, type: 'value_not_in_list', message: 'Value not in list', details: `${input}: ${pyRepr(value)} not in ${list}` };
      return workflowValidationError([error], workflow, { ...files, [folder]: others });
    }
  }
  const [nodeId = '1', node] = Object.entries(graph)[0] ?? [];
  const error: NodeError = {
    nodeId,
    classType: String(node?.class_type ?? ''),
    type: 'custom_validation_failed',
    message: 'Custom validation failed for node',
    details: 'injected permanent failure',
  };
  return workflowValidationError([error], workflow, files);
}
