import type { ComfyLink, ComfyWorkflow } from './types.js';

/** A workflow under construction: nodes get readable ids, and links name them. */
export class GraphBuilder {
  readonly nodes: ComfyWorkflow = {};

  /** Adds a node and returns a link to its output 0 (use `out` for the others). */
  add(id: string, classType: string, inputs: Record<string, unknown>): ComfyLink {
    if (id in this.nodes) throw new Error(`Duplicate node id '${id}'`);
    this.nodes[id] = { class_type: classType, inputs };
    return [id, 0];
  }
}

/** A link to output `index` of node `id`. */
export function out(id: string, index: number): ComfyLink {
  return [id, index];
}

/** Seeds travel as JSON numbers; beyond 2^53-1 they would silently change on the way. */
export function assertSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`Seed must be a non-negative safe integer, got ${seed}`);
  }
}

export function assertPositiveInt(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
}

export interface SamplerInputs {
  seed: number;
  steps: number;
  cfg: number;
  scheduler: 'simple' | 'normal';
  model: ComfyLink;
  positive: ComfyLink;
  negative: ComfyLink;
  latent: ComfyLink;
}

/**
 * The sampler's negative input at cfg 1. ComfyUI skips the negative pass at cfg 1, so a negative
 * prompt would change nothing: the graph says so by zeroing the positive conditioning (as the
 * reference Z-Image graph does) instead of encoding text that is never used.
 */
export function noNegative(g: GraphBuilder, positive: ComfyLink): ComfyLink {
  return g.add('negative', 'ConditioningZeroOut', { conditioning: positive });
}

/** KSampler (euler, full denoise) then VAEDecode; returns the decoded image link. */
export function sampleAndDecode(g: GraphBuilder, s: SamplerInputs, vae: ComfyLink): ComfyLink {
  const samples = g.add('sampler', 'KSampler', {
    seed: s.seed,
    steps: s.steps,
    cfg: s.cfg,
    sampler_name: 'euler',
    scheduler: s.scheduler,
    denoise: 1.0,
    model: s.model,
    positive: s.positive,
    negative: s.negative,
    latent_image: s.latent,
  });
  return g.add('decode', 'VAEDecode', { samples, vae });
}
