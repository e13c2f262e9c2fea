import objectInfo from './object-info.json' with { type: 'json' };

/** One input as ComfyUI's GET /object_info describes it: `[type | options, config?]`. */
export type RawInputSpec = [unknown, Record<string, unknown>?];

/** A node definition in the shape of ComfyUI's GET /object_info. */
export interface NodeDefinition {
  input: {
    required?: Record<string, RawInputSpec>;
    optional?: Record<string, RawInputSpec>;
    hidden?: Record<string, unknown>;
  };
  output: string[];
  output_name?: string[];
  output_node: boolean;
  pack?: string;
}

export type NodeCatalog = Readonly<Record<string, NodeDefinition>>;

/** An input spec normalised: both combo spellings become `{ kind: 'combo', options }`. */
export type InputSpec =
  | { kind: 'combo'; options: unknown[]; config: Record<string, unknown> }
  | { kind: 'INT' | 'FLOAT' | 'STRING' | 'BOOLEAN'; config: Record<string, unknown> }
  /** Anything else is a typed socket (MODEL, CONDITIONING, ...) that only a link can fill. */
  | { kind: 'socket'; type: string; config: Record<string, unknown> };

export interface InputEntry {
  name: string;
  required: boolean;
  spec: InputSpec;
}

const catalog = objectInfo as unknown as NodeCatalog;

/** The node catalogue (ComfyUI 0.18 core + PuLID-Flux, InfiniteYou, ReActor), keyed by class_type. */
export function nodeCatalog(): NodeCatalog {
  return catalog;
}

export function normaliseInputSpec(raw: RawInputSpec): InputSpec {
  const [type, config = {}] = raw;
  if (Array.isArray(type)) return { kind: 'combo', options: type, config };
  if (type === 'COMBO') {
    const options = Array.isArray(config.options) ? config.options : [];
    return { kind: 'combo', options, config };
  }
  if (type === 'INT' || type === 'FLOAT' || type === 'STRING' || type === 'BOOLEAN') {
    return { kind: type, config };
  }
  return { kind: 'socket', type: String(type), config };
}

/** Required and optional inputs of a node definition; hidden inputs are filled by ComfyUI itself. */
export function inputsOf(def: NodeDefinition): InputEntry[] {
  const entries: InputEntry[] = [];
  for (const [name, raw] of Object.entries(def.input.required ?? {})) {
    entries.push({ name, required: true, spec: normaliseInputSpec(raw) });
  }
  for (const [name, raw] of Object.entries(def.input.optional ?? {})) {
    entries.push({ name, required: false, spec: normaliseInputSpec(raw) });
  }
  return entries;
}

/** The type name a link into this input must carry (combo widgets take a COMBO output). */
export function expectedLinkType(spec: InputSpec): string {
  if (spec.kind === 'socket') return spec.type;
  if (spec.kind === 'combo') return 'COMBO';
  return spec.kind;
}
