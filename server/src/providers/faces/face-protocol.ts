/** What local-analyzer.ts and the face-models process (face-worker.ts) say to each other over IPC. */
export interface FaceRequest {
  id: number;
  image: Uint8Array;
}

export interface WorkerFace {
  /** fractions of the whole image */
  box: [number, number, number, number];
  confidence: number;
  descriptor: number[];
}

export type FaceReply = { id: number; ok: true; faces: WorkerFace[]; ms: number } | { id: number; ok: false; input: boolean; error: string };

/** What the parent passes in the environment. */
export const FACE_WORKER_ENV = { nice: 'FACE_WORKER_NICE', minConfidence: 'FACE_WORKER_MIN_CONFIDENCE' } as const;
