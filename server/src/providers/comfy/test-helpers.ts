import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MODEL_FILES } from './defaults.js';
import { modelFolderFor } from './model-folders.js';
import type { ComfyWorkflow } from './types.js';

// Test-only helpers, shared by the *.test.ts files beside them.

const REFERENCE_DIR = path.join(import.meta.dirname, '../../../test/fixtures/reference-workflows');

/** The validated reference graphs, by file name. */
export function referenceWorkflows(): Array<[string, ComfyWorkflow]> {
  return fs
    .readdirSync(REFERENCE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, f), 'utf8')) as ComfyWorkflow]);
}

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

/** DEFAULT_MODEL_FILES plus the per-influencer LoRA a LoRA-mode graph names. */
export function workerFiles(loraName?: string): Record<string, string[]> {
  const files = structuredClone(DEFAULT_MODEL_FILES) as Record<string, string[]>;
  if (loraName) files.loras = [...(files.loras ?? []), loraName];
  return files;
}
