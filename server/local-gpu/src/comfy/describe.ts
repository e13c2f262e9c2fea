import { nodeCatalog } from './catalog.js';
import type { ComfyLink, ComfyNode, ComfyWorkflow } from './types.js';

/** What a workflow asks for, read back from the graph (the local GPU renders from this). */
export interface WorkflowDescription {
  prompt: string;
  negativePrompt: string;
  /** Absent when the latent comes from an input image (inpaint keeps the source's size). */
  width?: number;
  height?: number;
  steps: number;
  seed: number;
  loraName?: string;
  /** The family of the model the graph samples with (a LoRA only acts on its own base model). */
  baseModel: 'flux_dev' | 'z_image_turbo';
  faceImageName?: string;
  inpaint?: { sourceImageName: string; maskImageName: string };
}

const SAMPLERS = new Set(['KSampler', 'KSamplerAdvanced', 'SamplerCustomAdvanced']);

function asLink(value: unknown): ComfyLink | undefined {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number' ? [value[0], value[1]] : undefined;
}

/** Reads a ComfyUI graph generically: by class_type, input names and links, never by node id. */
class GraphReader {
  constructor(private readonly w: ComfyWorkflow) {}

  node(id: string): ComfyNode {
    const n = this.w[id];
    if (!n) throw new Error(`Workflow links to missing node '${id}'`);
    return n;
  }

  /** Node ids an output depends on, nearest first. */
  upstreamOf(id: string): string[] {
    const order = [id];
    for (let i = 0; i < order.length; i++) {
      for (const value of Object.values(this.node(order[i]!).inputs)) {
        const link = asLink(value);
        if (link && link[0] in this.w && !order.includes(link[0])) order.push(link[0]);
      }
    }
    return order;
  }

  /** A literal input of the node, or of the nodes its `via` inputs link to (e.g. noise -> RandomNoise.noise_seed). */
  literal(id: string, keys: string[], via: string[], seen = new Set<string>()): unknown {
    if (seen.has(id)) return undefined;
    seen.add(id);
    const { inputs } = this.node(id);
    for (const key of keys) if (inputs[key] !== undefined && !asLink(inputs[key])) return inputs[key];
    for (const key of via) {
      const link = asLink(inputs[key]);
      const found = link && this.literal(link[0], keys, via, seen);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** The prompt text a conditioning link carries, through guidance / inpaint / combine nodes. */
  text(link: ComfyLink | undefined, depth = 0): string {
    if (!link || depth > 50) return '';
    const { class_type, inputs } = this.node(link[0]);
    if (typeof inputs.text === 'string') return inputs.text;
    // A zeroed-out conditioning is an empty prompt, whatever text it was derived from.
    if (class_type === 'ConditioningZeroOut') return '';
    const def = nodeCatalog()[class_type];
    // Multi-output conditioning nodes (InpaintModelConditioning) name outputs after their inputs.
    const outName = def?.output_name?.[link[1]];
    if (outName && asLink(inputs[outName])) return this.text(asLink(inputs[outName]), depth + 1);
    for (const value of Object.values(inputs)) {
      const next = asLink(value);
      if (next && nodeCatalog()[this.node(next[0]).class_type]?.output[next[1]] === 'CONDITIONING') {
        return this.text(next, depth + 1);
      }
    }
    return '';
  }

  /** Conditioning of a sampler: its own positive/negative, or its guider's (SamplerCustomAdvanced). */
  conditioning(samplerId: string, role: 'positive' | 'negative'): string {
    const { inputs } = this.node(samplerId);
    if (asLink(inputs[role])) return this.text(asLink(inputs[role]));
    const guider = asLink(inputs.guider);
    if (!guider) return '';
    const g = this.node(guider[0]).inputs;
    if (asLink(g[role])) return this.text(asLink(g[role]));
    // BasicGuider has one conditioning and no negative.
    return role === 'positive' ? this.text(asLink(g.conditioning)) : '';
  }

  /** The uploaded file an image/mask link starts from (LoadImage / LoadImageMask), through resizes. */
  imageName(link: ComfyLink | undefined, depth = 0): string | undefined {
    if (!link || depth > 50) return undefined;
    const { inputs } = this.node(link[0]);
    if (typeof inputs.image === 'string') return inputs.image;
    for (const value of Object.values(inputs)) {
      const name = this.imageName(asLink(value), depth + 1);
      if (name) return name;
    }
    return undefined;
  }

  /** Width/height of the empty latent the sampler starts from; undefined for encoded images. */
  latentSize(link: ComfyLink | undefined): { width?: number; height?: number } {
    for (let depth = 0; link && depth < 50; depth++) {
      const { inputs } = this.node(link[0]);
      if (typeof inputs.width === 'number' && typeof inputs.height === 'number') {
        return { width: inputs.width, height: inputs.height };
      }
      link = asLink(inputs.samples) ?? asLink(inputs.latent_image);
    }
    return {};
  }
}

/** Extracts the generation parameters of a text-to-image or inpaint graph. */
export function describeWorkflow(w: ComfyWorkflow): WorkflowDescription {
  const r = new GraphReader(w);
  const catalog = nodeCatalog();
  const outputId = Object.keys(w).find((id) => w[id]!.class_type === 'SaveImage') ?? Object.keys(w).find((id) => catalog[w[id]!.class_type]?.output_node);
  if (!outputId) throw new Error('Workflow has no output node');
  const upstream = r.upstreamOf(outputId);
  const samplerId = upstream.find((id) => SAMPLERS.has(w[id]!.class_type));
  if (!samplerId) throw new Error(`No sampler feeds output node ${outputId}`);

  const seed = r.literal(samplerId, ['seed', 'noise_seed'], ['noise']);
  const steps = r.literal(samplerId, ['steps'], ['sigmas']);
  if (typeof seed !== 'number' || typeof steps !== 'number') {
    throw new Error(`Sampler ${samplerId} has no literal seed/steps`);
  }
  const sampler = r.node(samplerId).inputs;
  const description: WorkflowDescription = {
    prompt: r.conditioning(samplerId, 'positive'),
    negativePrompt: r.conditioning(samplerId, 'negative'),
    ...r.latentSize(asLink(sampler.latent_image)),
    steps,
    seed,
    // Z-Image-Turbo's graph loads its Qwen3 text encoder as a lumina2 CLIP; Flux graphs never do.
    baseModel: upstream.some((id) => w[id]!.class_type === 'CLIPLoader' && w[id]!.inputs.type === 'lumina2') ? 'z_image_turbo' : 'flux_dev',
  };

  const lora = upstream.map((id) => w[id]!.inputs.lora_name).find((v) => typeof v === 'string');
  if (typeof lora === 'string') description.loraName = lora;

  // An inpaint conditioning node takes the source as `pixels` and the edit region as `mask`.
  const inpaintNode = upstream.map((id) => w[id]!.inputs).find((i) => asLink(i.pixels) && asLink(i.mask));
  const inpaintFiles = new Set<string>();
  if (inpaintNode) {
    const sourceImageName = r.imageName(asLink(inpaintNode.pixels));
    const maskImageName = r.imageName(asLink(inpaintNode.mask));
    if (sourceImageName && maskImageName) {
      description.inpaint = { sourceImageName, maskImageName };
      inpaintFiles.add(sourceImageName).add(maskImageName);
    }
  }
  // Any other uploaded image feeding the output is the reference face (PuLID or ReActor).
  const face = upstream
    .filter((id) => w[id]!.class_type === 'LoadImage')
    .map((id) => w[id]!.inputs.image)
    .find((name): name is string => typeof name === 'string' && !inpaintFiles.has(name));
  if (face) description.faceImageName = face;
  return description;
}
