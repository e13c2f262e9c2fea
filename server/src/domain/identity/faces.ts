import type { DetectedFace, FaceAnalysis } from '../../providers/faces/index.js';

/** A second face counts when it is at least this share of the main face's area (not a face in the crowd behind). */
const SECOND_FACE_AREA = 0.2;

const area = (f: DetectedFace) => f.box.width * f.box.height;

/** The faces that matter in a photo, largest first: tiny background faces are left out. */
export function prominentFaces(a: FaceAnalysis): DetectedFace[] {
  const sorted = [...a.faces].sort((x, y) => area(y) - area(x));
  const main = sorted[0];
  return main ? sorted.filter((f) => area(f) >= area(main) * SECOND_FACE_AREA) : [];
}

export const roundBox = (b: DetectedFace['box']) => ({
  x: Number(b.x.toFixed(4)),
  y: Number(b.y.toFixed(4)),
  width: Number(b.width.toFixed(4)),
  height: Number(b.height.toFixed(4)),
});
