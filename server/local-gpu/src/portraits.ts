import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';

/**
 * Real photographs of real people that ship inside an installed package: the six group photos
 * under `@vladmandic/face-api/demo/` (no download). Each portrait is one person's face box in one
 * photo (found with face-api's SSD detector, then checked by eye that no two boxes are the same
 * person); a portrait is that box with 2.2× margin, squared and resized. Twenty people, one photo
 * each: the local GPU's "crowd" (the other faces a face-reference render drifts toward, and the
 * person an off-identity render shows) and the tests' and calibration's real faces.
 */
export interface Portrait {
  id: string;
  /** `sampleN.jpg` in face-api's demo folder */
  photo: number;
  /** the face box in the photo's pixels */
  box: { x: number; y: number; width: number; height: number };
}

export const PORTRAITS: readonly Portrait[] = [
  [1, 414, 355, 177, 240],
  [1, 838, 421, 186, 228],
  [1, 1476, 199, 203, 241],
  [2, 1447, 153, 194, 242],
  [2, 902, 220, 151, 233],
  [3, 585, 329, 199, 271],
  [3, 1514, 292, 170, 280],
  [3, 1075, 215, 220, 299],
  [4, 664, 53, 187, 258],
  [4, 257, 185, 162, 245],
  [4, 989, 180, 169, 227],
  [4, 1277, 144, 145, 244],
  [5, 787, 109, 156, 212],
  [5, 1113, 198, 158, 236],
  [5, 1406, 390, 165, 271],
  [5, 598, 415, 166, 249],
  [5, 377, 859, 172, 301],
  [6, 681, 321, 160, 307],
  [6, 1487, 263, 212, 296],
  [6, 250, 468, 210, 291],
].map(([photo, x, y, width, height], i) => ({ id: `p${String(i + 1).padStart(2, '0')}`, photo: photo!, box: { x: x!, y: y!, width: width!, height: height! } }));

/** The margin around the face box: SSD finds faces best when they fill about half the frame. */
const MARGIN = 2.2;

const require = createRequire(import.meta.url);
const demoDir = () => path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');

/** The group photo a portrait comes from (JPEG bytes as shipped). */
export function photoPath(photo: number): string {
  return path.join(demoDir(), `sample${photo}.jpg`);
}

const cache = new Map<string, Promise<Buffer>>();

/** One person's portrait as a square PNG (`size` px), cut from the shipped photo; cached. */
export function portrait(index: number, size = 512): Promise<Buffer> {
  const p = PORTRAITS[((index % PORTRAITS.length) + PORTRAITS.length) % PORTRAITS.length]!;
  const key = `${p.id}:${size}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = cutPortrait(p, size);
    cache.set(key, hit);
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

async function cutPortrait(p: Portrait, size: number): Promise<Buffer> {
  const file = photoPath(p.photo);
  const meta = await sharp(file).metadata();
  const side = Math.round(Math.max(p.box.width, p.box.height) * MARGIN);
  const cx = p.box.x + p.box.width / 2;
  const cy = p.box.y + p.box.height / 2;
  const left = Math.max(0, Math.round(cx - side / 2));
  const top = Math.max(0, Math.round(cy - side / 2));
  const width = Math.min(side, meta.width! - left);
  const height = Math.min(side, meta.height! - top);
  return sharp(file).extract({ left, top, width, height }).resize(size, size, { fit: 'cover' }).png({ compressionLevel: 2 }).toBuffer();
}
