/** A link to another node's output: [nodeId, outputIndex]. */
export type ComfyLink = [string, number];

/** One node of a ComfyUI API-format graph. */
export interface ComfyNode {
  class_type: string;
  inputs: Record<string, unknown>;
  _meta?: { title?: string };
}

/** A ComfyUI API-format graph: `{ nodeId: { class_type, inputs } }`. */
export type ComfyWorkflow = Record<string, ComfyNode>;

/** An image handed to worker-comfyui next to the workflow (`input.images`). */
export interface ComfyInputImage {
  name: string;
  /** base64, optionally as a data URI. */
  image: string;
}

/** The `input` of a worker-comfyui job. */
export interface ComfyJobInput {
  workflow: ComfyWorkflow;
  images?: ComfyInputImage[];
}

/** One image in a worker-comfyui job's output. */
export interface ComfyOutputImage {
  filename: string;
  type: 'base64' | 's3_url';
  data: string;
}

/** The `output` of a successful worker-comfyui job. */
export interface ComfyJobOutput {
  images?: ComfyOutputImage[];
  errors?: string[];
}
