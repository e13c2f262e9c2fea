import { crc32 } from 'node:zlib';

/**
 * PNG tEXt chunks, as ComfyUI's SaveImage writes its prompt and workflow into every output. The
 * local GPU records where it drew the face (`FACE_BOX_KEY`), so its trainer can learn that face
 * from a dataset image the way a real trainer learns the person, not the background.
 */
export const FACE_BOX_KEY = 'content_studio_face_box';

const SIGNATURE = 8;

/** `png` with a tEXt chunk `key`=`value` right after IHDR (Latin-1, as the PNG spec says). */
export function withTextChunk(png: Buffer, key: string, value: string): Buffer {
  const ihdrEnd = SIGNATURE + 8 + png.readUInt32BE(SIGNATURE) + 4;
  const body = Buffer.concat([Buffer.from('tEXt', 'latin1'), Buffer.from(key, 'latin1'), Buffer.from([0]), Buffer.from(value, 'latin1')]);
  const chunk = Buffer.alloc(body.length + 8);
  chunk.writeUInt32BE(body.length - 4, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body), body.length + 4);
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}

/** The value of the first tEXt chunk named `key`, or undefined (also for anything that is not a PNG). */
export function readTextChunk(png: Buffer, key: string): string | undefined {
  if (png.length < SIGNATURE || png.readUInt32BE(0) !== 0x89504e47) return undefined;
  for (let at = SIGNATURE; at + 8 <= png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT' || type === 'IEND') return undefined;
    if (type === 'tEXt') {
      const data = png.subarray(at + 8, at + 8 + length);
      const nul = data.indexOf(0);
      if (nul > 0 && data.toString('latin1', 0, nul) === key) return data.toString('latin1', nul + 1);
    }
    at += 12 + length;
  }
  return undefined;
}
