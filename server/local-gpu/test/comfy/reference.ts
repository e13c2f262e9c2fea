import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_MODEL_FILES } from '../../../src/providers/comfy/index.js';
import type { ComfyWorkflow } from '../../src/comfy/index.js';

// Test-only helpers for the validator's tests. The product's builders (server/src/providers/comfy)
// are what the simulated worker exists to run, so tests build graphs with them.

const REFERENCE_DIR = path.join(import.meta.dirname, '../fixtures/reference-workflows');

/** The validated reference graphs, by file name. */
export function referenceWorkflows(): Array<[string, ComfyWorkflow]> {
  return fs
    .readdirSync(REFERENCE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, f), 'utf8')) as ComfyWorkflow]);
}

/** The product's default model files plus the per-influencer LoRA a LoRA-mode graph names. */
export function workerFiles(loraName?: string): Record<string, string[]> {
  const files = structuredClone(DEFAULT_MODEL_FILES) as Record<string, string[]>;
  if (loraName) files.loras = [...(files.loras ?? []), loraName];
  return files;
}
