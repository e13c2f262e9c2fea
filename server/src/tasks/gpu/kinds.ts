import type { GpuJobKind } from '../../generated/prisma/client.js';
import type { AppServices } from '../../services/app-services.js';
import { editKind } from './edit-kind.js';
import { imageKind } from './image-kind.js';
import { sheetImageKind } from './sheet-image-kind.js';
import { trainingKind } from './training-kind.js';
import type { GpuKindRunner } from './runner.js';

export type { GpuKindRunner } from './runner.js';

export type GpuKindRunners = Partial<Record<GpuJobKind, GpuKindRunner>>;

/** Every kind this worker can run, bound to its services. */
export function gpuKindRunners(s: AppServices): GpuKindRunners {
  return { image: imageKind(s), edit: editKind(s), sheet_image: sheetImageKind(s), lora_training: trainingKind(s) };
}

export function runnerOf(runners: GpuKindRunners, kind: GpuJobKind): GpuKindRunner {
  const runner = runners[kind];
  if (!runner) throw new Error(`This worker cannot run GPU jobs of kind "${kind}"`);
  return runner;
}
