/** A link to another node's output: [nodeId, outputIndex]. */
export type ComfyLink = [string, number];

/** One node of a ComfyUI API-format graph, as the simulated worker receives it. */
export interface ComfyNode {
  class_type: string;
  inputs: Record<string, unknown>;
  _meta?: { title?: string };
}

/** A ComfyUI API-format graph: `{ nodeId: { class_type, inputs } }`. */
export type ComfyWorkflow = Record<string, ComfyNode>;
