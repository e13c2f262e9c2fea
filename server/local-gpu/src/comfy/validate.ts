import { expectedLinkType, inputsOf, nodeCatalog, type NodeDefinition } from './catalog.js';
import { checkValue, type InputProblem } from './validate-value.js';

export { modelFolderFor } from './model-folders.js';
export { nodeCatalog } from './catalog.js';

export interface NodeError {
  nodeId: string;
  classType: string;
  input?: string;
  type: string;
  message: string;
  details?: string;
}

export interface ValidationResult {
  ok: boolean;
  errors: NodeError[];
}

export interface ValidateOptions {
  /** Model files present on the worker, by ComfyUI models folder ('checkpoints','loras','diffusion_models','text_encoders','clip','vae','pulid','insightface', ...). When given, combo inputs whose catalogue option list is empty (model files) must name a present file. */
  files?: Record<string, string[]>;
  /** Names of input images available to LoadImage / LoadImageMask (worker-comfyui `input.images[].name`). When given, those nodes' `image` must be one of them. */
  images?: string[];
}

interface KnownNode {
  classType: string;
  def: NodeDefinition;
  inputs: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** ComfyUI's validate_prompt: `type` is the error type ComfyUI reports. */
function promptError(type: string, message: string, details = '', nodeId = '', classType = ''): NodeError {
  return { nodeId, classType, type, message, details };
}

/** ComfyUI's validate_prompt pass: every node has a known class_type; the output nodes are noted. */
function indexNodes(graph: Record<string, unknown>, errors: NodeError[]) {
  const catalog = nodeCatalog();
  const known = new Map<string, KnownNode>();
  const outputs: string[] = [];
  for (const [id, node] of Object.entries(graph)) {
    if (!isRecord(node) || typeof node.class_type !== 'string') {
      errors.push(promptError('invalid_prompt', 'Cannot execute because a node is missing the class_type property.', `Node ID '#${id}'`, id));
      continue;
    }
    const classType = node.class_type;
    const def = catalog[classType];
    if (!def) {
      const title = isRecord(node._meta) && typeof node._meta.title === 'string' ? node._meta.title : classType;
      errors.push(promptError('missing_node_type', `Node '${title}' not found. The custom node may not be installed.`, `Node ID '#${id}'`, id, classType));
      continue;
    }
    if (!isRecord(node.inputs)) {
      errors.push(promptError('invalid_prompt', 'Cannot execute because the node has no inputs object.', `Node ID '#${id}'`, id, classType));
      continue;
    }
    known.set(id, { classType, def, inputs: node.inputs });
    if (def.output_node) outputs.push(id);
  }
  return { known, outputs };
}

/** Checks one link; returns the upstream node id to walk into when it exists. */
function checkLink(graph: Record<string, unknown>, known: Map<string, KnownNode>, name: string, expected: string, link: unknown[]): { problem?: InputProblem; next?: string } {
  const [target, slot] = link;
  if (link.length !== 2 || typeof target !== 'string' || typeof slot !== 'number' || !Number.isInteger(slot) || slot < 0) {
    return { problem: { type: 'bad_linked_input', message: 'Bad linked input, must be a length-2 list of [node_id, slot_index]', details: name } };
  }
  if (!(target in graph)) {
    return { problem: { type: 'bad_linked_input', message: `Linked node '${target}' does not exist`, details: `${name}, ${JSON.stringify(link)}` } };
  }
  const upstream = known.get(target);
  // An unknown or malformed upstream node has its own error already.
  if (!upstream) return {};
  const received = upstream.def.output[slot];
  if (received === undefined) {
    return {
      problem: {
        type: 'bad_linked_input',
        message: `Linked node '${target}' (${upstream.classType}) has no output ${slot}`,
        details: `${name}, ${JSON.stringify(link)}`,
      },
    };
  }
  if (!typesMatch(received, expected)) {
    return {
      problem: { type: 'return_type_mismatch', message: 'Return type mismatch between linked nodes', details: `${name}, ${received} != ${expected}` },
      next: target,
    };
  }
  return { next: target };
}

/** ComfyUI's validate_node_input: '*' matches anything, 'A,B' matches either. */
function typesMatch(received: string, expected: string): boolean {
  if (received === expected || received === '*' || expected === '*') return true;
  const want = new Set(expected.split(',').map((t) => t.trim()));
  return received.split(',').some((t) => want.has(t.trim()));
}

function validateNode(id: string, node: KnownNode, graph: Record<string, unknown>, known: Map<string, KnownNode>, options: ValidateOptions, errors: NodeError[]): string[] {
  const upstream: string[] = [];
  const report = (input: string, p: InputProblem) => errors.push({ nodeId: id, classType: node.classType, input, type: p.type, message: p.message, details: p.details });
  for (const { name, required, spec } of inputsOf(node.def)) {
    const value = node.inputs[name];
    // Only an absent key is missing; null goes on to fail the type check, as in ComfyUI.
    if (value === undefined) {
      if (required) report(name, { type: 'required_input_missing', message: 'Required input is missing', details: name });
      continue;
    }
    if (Array.isArray(value)) {
      const { problem, next } = checkLink(graph, known, name, expectedLinkType(spec), value);
      if (problem) report(name, problem);
      if (next) upstream.push(next);
      continue;
    }
    const problem = checkValue({ classType: node.classType, inputName: name, files: options.files, images: options.images }, spec, value);
    if (problem) report(name, problem);
  }
  return upstream;
}

/**
 * Applies ComfyUI's prompt validation (validate_prompt / validate_inputs) against the node
 * catalogue, plus the worker's files and uploaded images when given. Unlike ComfyUI it does not
 * stop at the first broken node: every problem is collected, so one failed job shows them all.
 */
export function validateWorkflow(workflow: unknown, options: ValidateOptions = {}): ValidationResult {
  const errors: NodeError[] = [];
  if (!isRecord(workflow)) {
    errors.push(promptError('invalid_prompt', 'The workflow must be an object of nodes keyed by node id.'));
    return { ok: false, errors };
  }
  const { known, outputs } = indexNodes(workflow, errors);
  if (outputs.length === 0) {
    errors.push(promptError('prompt_no_outputs', 'Prompt has no outputs'));
    return { ok: false, errors };
  }
  // Like ComfyUI, only nodes an output depends on are validated; each node once.
  const seen = new Set<string>(outputs);
  const queue = [...outputs];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const node = known.get(id);
    if (!node) continue;
    for (const next of validateNode(id, node, workflow, known, options, errors)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return { ok: errors.length === 0, errors };
}

/** Human-readable text in the style ComfyUI / worker-comfyui use for a failed validation, naming node ids. */
export function formatValidationErrors(errors: NodeError[]): string {
  if (errors.length === 0) return '';
  const lines = errors.map((e) => {
    const detail = e.details ? `: ${e.details}` : '';
    const where = e.nodeId ? `Node ${e.nodeId} (${e.classType || 'unknown'})` : 'Prompt';
    return `• ${where} ${e.type}: ${e.message}${detail}`;
  });
  return `Workflow validation failed:\n${lines.join('\n')}`;
}
