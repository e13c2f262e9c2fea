import type { InputSpec } from './catalog.js';
import { filesInFolder, isBuiltInChoice, modelFolderFor } from './model-folders.js';

/** An input-level problem; validate.ts adds the node id and class. */
export interface InputProblem {
  type: string;
  message: string;
  details: string;
}

export interface ValueContext {
  classType: string;
  inputName: string;
  files?: Record<string, string[]>;
  images?: string[];
}

/** Nodes whose `image` names a file uploaded next to the workflow (worker-comfyui `input.images`). */
const IMAGE_LOADERS = new Set(['LoadImage', 'LoadImageMask']);

/** Python's repr for the values that appear in combo lists, so details read like ComfyUI's. */
function pyRepr(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

/** ComfyUI does not echo long lists of scanned model files back. */
function listInfo(options: unknown[]): string {
  return options.length > 20 ? `(list of length ${options.length})` : pyRepr(options);
}

function notInList(name: string, value: unknown, options: unknown[]): InputProblem {
  return {
    type: 'value_not_in_list',
    message: 'Value not in list',
    details: `${name}: ${pyRepr(value)} not in ${listInfo(options)}`,
  };
}

function badType(kind: string, name: string, value: unknown, reason: string): InputProblem {
  return {
    type: 'invalid_input_type',
    message: `Failed to convert an input value to a ${kind} value`,
    details: `${name}, ${JSON.stringify(value)}, ${reason}`,
  };
}

function checkRange(name: string, value: number, config: Record<string, unknown>): InputProblem | undefined {
  const { min, max } = config;
  if (typeof min === 'number' && value < min) {
    return { type: 'value_smaller_than_min', message: `Value ${value} smaller than min of ${min}`, details: name };
  }
  if (typeof max === 'number' && value > max) {
    return { type: 'value_bigger_than_max', message: `Value ${value} bigger than max of ${max}`, details: name };
  }
  return undefined;
}

function checkNumber(kind: 'INT' | 'FLOAT', name: string, value: unknown, config: Record<string, unknown>) {
  // ComfyUI would coerce "20" with int(); graphs we send must carry real JSON numbers.
  if (typeof value !== 'number' || !Number.isFinite(value)) return badType(kind, name, value, 'not a number');
  if (kind === 'INT') {
    if (!Number.isInteger(value)) return badType(kind, name, value, 'not an integer');
    // Above 2^53-1 a JSON number no longer round-trips, so the seed that runs is not the one stored.
    if (!Number.isSafeInteger(value)) return badType(kind, name, value, 'not a safe integer (above 2^53-1)');
  }
  return checkRange(name, value, config);
}

function checkCombo(ctx: ValueContext, value: unknown, options: unknown[]): InputProblem | undefined {
  const { classType, inputName: name } = ctx;
  if (IMAGE_LOADERS.has(classType) && name === 'image') {
    if (typeof value !== 'string' || value === '') return badType('STRING', name, value, 'not an image name');
    // ComfyUI's LoadImage.VALIDATE_INPUTS replaces the list check with a file-exists check.
    if (ctx.images && !ctx.images.includes(value)) {
      return {
        type: 'custom_validation_failed',
        message: 'Custom validation failed for node',
        details: `${name} - Invalid image file: ${value}`,
      };
    }
    return undefined;
  }
  const folder = modelFolderFor(classType, name);
  if (folder) {
    if (typeof value !== 'string' || value === '') return notInList(name, value, options);
    // Without a file list the worker's folder is unknown; only built-in choices are certain.
    if (!ctx.files) return undefined;
    const allowed = [...options.filter(isBuiltInChoice), ...filesInFolder(ctx.files, folder)];
    return allowed.includes(value) ? undefined : notInList(name, value, allowed);
  }
  // An empty list is a file list this catalogue copy does not know: nothing to compare against.
  if (options.length > 0 && !options.includes(value)) return notInList(name, value, options);
  return undefined;
}

/** Checks a literal (non-link) input value the way ComfyUI's validate_inputs does. */
export function checkValue(ctx: ValueContext, spec: InputSpec, value: unknown): InputProblem | undefined {
  const name = ctx.inputName;
  switch (spec.kind) {
    case 'INT':
    case 'FLOAT':
      return checkNumber(spec.kind, name, value, spec.config);
    case 'STRING':
      return typeof value === 'string' ? undefined : badType('STRING', name, value, 'not a string');
    case 'BOOLEAN':
      // Python's bool() would turn "false" into True; only a JSON boolean means what it says.
      return typeof value === 'boolean' ? undefined : badType('BOOLEAN', name, value, 'not a JSON boolean');
    case 'combo':
      return checkCombo(ctx, value, spec.options);
    case 'socket':
      return {
        type: 'bad_linked_input',
        message: 'Bad linked input, must be a length-2 list of [node_id, slot_index]',
        details: `${name}, expects a link to a ${spec.type} output`,
      };
  }
}
