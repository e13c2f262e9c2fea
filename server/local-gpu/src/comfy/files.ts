import { modelFolderFor } from './model-folders.js';
import type { ComfyWorkflow } from './types.js';

/** Every model file a graph names, by folder: what a worker must hold to run it. */
export function filesNamedBy(w: ComfyWorkflow): Record<string, string[]> {
  const files: Record<string, string[]> = {};
  for (const node of Object.values(w)) {
    for (const [input, value] of Object.entries(node.inputs)) {
      const folder = modelFolderFor(node.class_type, input);
      if (folder && typeof value === 'string') (files[folder] ??= []).push(value);
    }
  }
  return files;
}

/** Names of the images LoadImage / LoadImageMask nodes read. */
export function imagesNamedBy(w: ComfyWorkflow): string[] {
  return Object.values(w)
    .filter((n) => n.class_type === 'LoadImage' || n.class_type === 'LoadImageMask')
    .map((n) => String(n.inputs.image));
}
