/** A face found in an image; the box is in fractions of the image's width and height. */
export interface DetectedFace {
  box: { x: number; y: number; width: number; height: number };
  /** detector confidence, 0–1 */
  confidence: number;
  /** the identity embedding: compare two with `descriptorDistance` (euclidean) */
  descriptor: number[];
}

export interface FaceAnalysis {
  faces: DetectedFace[];
  /** wall time of the analysis itself (decode + detect + embed), not the wait in the queue */
  ms: number;
}

export type FacePriority = 'interactive' | 'background';

/**
 * Face detection + identity embedding. Small on purpose: the local implementation runs the
 * models on this CPU; a deployment can answer the same from a GPU endpoint.
 */
export interface FaceAnalyzer {
  /** the instrument's name and version: stored with every score, so a change of model is visible */
  readonly model: string;
  /** `interactive` (an upload waits for it) goes before `background` (scoring generated images) */
  analyze(image: Buffer, priority?: FacePriority): Promise<FaceAnalysis>;
  close(): Promise<void>;
}

export class FaceAnalyzerError extends Error {}

/** Euclidean distance between two descriptors of the same model. */
export function descriptorDistance(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new FaceAnalyzerError(`descriptors differ in length (${a.length} vs ${b.length}): scored with another model`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}
