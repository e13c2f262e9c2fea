// The local GPU's portraits: real people's faces cut from the group photos that ship inside
// @vladmandic/face-api (nothing is downloaded). Base images must hold exactly one detectable face,
// so a drawn face would be refused at upload.
import { portrait } from '../../../server/local-gpu/src/portraits';

/** A real face photo (square PNG, `size` px): person `index` of the twenty shipped portraits. */
export function sampleFace(index = 0, size = 512): Promise<Buffer> {
  return portrait(index, size);
}
