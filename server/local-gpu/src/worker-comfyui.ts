import path from 'node:path';
import { describeWorkflow, validateWorkflow, type ComfyWorkflow, type WorkflowDescription } from './comfy/index.js';
import { injectedMissingModel, workflowValidationError } from './comfy-errors.js';
import { parseComfyInput } from './comfy-input.js';
import { PngData } from './job.js';
import type { MaskChannel } from './render/inpaint.js';
import type { FaceSource, Renderer } from './render/renderer.js';
import { cudaOutOfMemory } from './runpod-errors.js';
import type { HandlerContext, HandlerResult, JobHandler } from './types.js';
import type { Volume } from './volume.js';

const SAMPLERS = new Set(['KSampler', 'KSamplerAdvanced', 'SamplerCustomAdvanced']);
/** Where a graph without an empty latent (so without a size) is rendered. */
const FALLBACK_SIZE = 1024;

type Graph = Record<string, { class_type: string; inputs: Record<string, unknown> }>;

/** worker-comfyui's answer when ComfyUI reports an execution_error and no image came out. */
function executionFailed(nodeType: string, nodeId: string, message: string): HandlerResult {
  return { error: 'Job processing failed', output: { details: [`Workflow execution error: Node Type: ${nodeType}, Node ID: ${nodeId}, Message: ${message}`] } };
}

function loaderOf(graph: Graph, imageName: string): [string, Graph[string]] | undefined {
  return Object.entries(graph).find(([, n]) => (n.class_type === 'LoadImage' || n.class_type === 'LoadImageMask') && n.inputs.image === imageName);
}

/** LoadImageMask reads the channel it names; a mask taken from LoadImage's MASK output is its alpha. */
function maskChannelOf(graph: Graph, maskName: string): MaskChannel {
  const node = loaderOf(graph, maskName)?.[1];
  const channel = node?.class_type === 'LoadImageMask' ? node.inputs.channel : 'alpha';
  return channel === 'red' || channel === 'green' || channel === 'blue' ? channel : 'alpha';
}

/** ComfyUI's SaveImage names files `<prefix basename>_<counter:05>_.png` (the prefix's folders become a subfolder). */
function savedImageName(prefix: unknown, index: number): string {
  const base = path.posix.basename(typeof prefix === 'string' && prefix ? prefix : 'ComfyUI');
  return `${base}_${String(index).padStart(5, '0')}_.png`;
}

/**
 * A simulated worker-comfyui: the handler's input checks, ComfyUI's validation against the
 * node catalogue and the volume's files, then "sampling" for steps × stepMs while the image is
 * rendered, answering with worker-comfyui's output shape and error texts.
 */
export function createComfyHandler(deps: { volume: Volume; renderer: Renderer }): JobHandler {
  return { run: (input, ctx) => runComfyJob(input, ctx, deps) };
}

async function runComfyJob(raw: unknown, ctx: HandlerContext, { volume, renderer }: { volume: Volume; renderer: Renderer }): Promise<HandlerResult> {
  const input = parseComfyInput(raw);
  if (!input.ok) return { error: input.error, ...(input.details ? { output: { details: input.details } } : {}) };
  const { workflow, images } = input.value;
  const files = await volume.modelFiles();
  const validation = validateWorkflow(workflow, { files, images: [...images.keys()] });
  if (!validation.ok) return { error: workflowValidationError(validation.errors, workflow, files) };
  const graph = workflow as Graph;
  let d: WorkflowDescription;
  try {
    d = describeWorkflow(workflow as ComfyWorkflow);
  } catch (err) {
    return { error: 'Job processing failed', output: { details: [`Local GPU cannot render this workflow: ${(err as Error).message}`] } };
  }
  const samplerId = Object.keys(graph).find((id) => SAMPLERS.has(graph[id]!.class_type)) ?? '';

  // ComfyUI runs the loaders before the sampler: an unreadable upload fails before any step.
  const face = await faceSourceOf(d, images, volume, renderer);
  for (const name of [d.faceImageName, d.inpaint?.sourceImageName, d.inpaint?.maskImageName]) {
    if (!name) continue;
    try {
      await renderer.probe(images.get(name)!);
    } catch {
      const [nodeId = '', node] = loaderOf(graph, name) ?? [];
      return executionFailed(node?.class_type ?? 'LoadImage', nodeId, `cannot identify image file '/comfyui/input/${name}'`);
    }
  }

  const failure = ctx.decideFailure({ prompt: d.prompt, seed: d.seed });
  if (failure === 'permanent') return { error: injectedMissingModel(workflow, files) };
  ctx.startSampling(samplerId, d.steps);
  if (failure === 'transient') {
    await ctx.sleep(Math.floor(d.steps / 2) * ctx.stepMs);
    return { error: cudaOutOfMemory(ctx.workerId) };
  }
  if (failure === 'hang') {
    // Only the execution timeout, a cancel or the TTL ends this job.
    await new Promise<never>((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true }));
  }

  const render = d.inpaint
    ? renderer.inpaint({
        source: images.get(d.inpaint.sourceImageName)!,
        mask: images.get(d.inpaint.maskImageName)!,
        channel: maskChannelOf(graph, d.inpaint.maskImageName),
        prompt: d.prompt,
        seed: d.seed,
      })
    : renderer.textToImage({
        width: d.width ?? FALLBACK_SIZE,
        height: d.height ?? FALLBACK_SIZE,
        seed: d.seed,
        prompt: d.prompt,
        face,
        offIdentity: face.kind !== 'none' && ctx.offIdentity(imageNameOf(graph) ?? `${d.prompt}|${d.seed}`),
      });
  const [rendered] = await Promise.all([render, ctx.sleep(d.steps * ctx.stepMs)]);
  // ReActor's SFW filter: without its NSFW detector on the volume it flags every image and
  // hands back a black one of the same size (the job still succeeds, as with the real node).
  const png = reactorBlanks(graph, files) ? await renderer.black(rendered) : rendered;

  // worker-comfyui returns SaveImage results only; PreviewImage writes 'temp' files it skips.
  const saves = Object.values(graph).filter((n) => n.class_type === 'SaveImage');
  if (saves.length === 0) return { output: { images: [], status: 'success_no_images' } };
  const data = new PngData(png);
  return { output: { images: saves.map((n) => ({ filename: savedImageName(n.inputs.filename_prefix, ctx.nextImageIndex()), type: 'base64', data })) } };
}

/** The NSFW detector ReActor's SFW filter loads (models/nsfw_detector/vit-base-nsfw-detector). */
export const REACTOR_DETECTOR_FILE = 'vit-base-nsfw-detector/model.safetensors';

function reactorBlanks(graph: Graph, files: Record<string, string[]>): boolean {
  const swaps = Object.values(graph).some((n) => n.class_type === 'ReActorFaceSwap' && n.inputs.enabled !== false);
  return swaps && !(files.nsfw_detector ?? []).includes(REACTOR_DETECTOR_FILE);
}

/** What names one picture across its renders: SaveImage's filename prefix (the app puts the image id in it). */
function imageNameOf(graph: Graph): string | undefined {
  const prefix = Object.values(graph).find((n) => n.class_type === 'SaveImage')?.inputs.filename_prefix;
  return typeof prefix === 'string' && prefix ? prefix : undefined;
}

async function faceSourceOf(d: WorkflowDescription, images: Map<string, Buffer>, volume: Volume, renderer: Renderer): Promise<FaceSource> {
  // PuLID / ReActor reference first: in a graph with both, the uploaded face is the identity.
  if (d.faceImageName) return { kind: 'image', bytes: images.get(d.faceImageName)! };
  if (d.loraName) {
    const { png, baseModel } = await volume.loraFace(d.loraName);
    // A LoRA of another base model loads without error and changes nothing (as in ComfyUI): no learned face.
    if (baseModel && baseModel !== d.baseModel) return { kind: 'none' };
    // A corrupt embedded face is the LoRA's problem, not the workflow's: fall back to a drawn one.
    const usable =
      png &&
      (await renderer.probe(png).then(
        () => true,
        () => false,
      ));
    return { kind: 'lora', name: d.loraName, ...(usable ? { png } : {}) };
  }
  return { kind: 'none' };
}
