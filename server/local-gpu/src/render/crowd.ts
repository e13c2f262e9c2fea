import sharp from 'sharp';
import { ByteLru } from '../lru.js';
import { PORTRAITS, portrait } from '../portraits.js';

/** Mean absolute difference (0–255) under which two 16×16 grey thumbnails are the same picture. */
const SAME_PICTURE = 10;

const signature = async (png: Buffer) => sharp(png).resize(16, 16, { fit: 'cover' }).greyscale().raw().toBuffer();

/**
 * The other people a render can drift toward: the real portraits of ./portraits.ts. A reference
 * that is itself one of them (the tests upload those) is never its own "other person".
 */
export class Crowd {
  private members: Promise<Array<{ png: Buffer; sig: Buffer; key: string }>> | null = null;
  private readonly refSigs = new ByteLru<Buffer>(1024 * 1024, () => 256);

  async pick(reference: Buffer, referenceKey: string, r: number): Promise<{ png: Buffer; key: string }> {
    const members = await (this.members ??= Promise.all(
      PORTRAITS.map(async (p, i) => {
        const png = await portrait(i);
        return { png, sig: await signature(png), key: `crowd:${p.id}` };
      }),
    ));
    const ref = await this.refSigs.getOrCompute(referenceKey, () => signature(reference));
    const others = members.filter((m) => meanAbsDiff(m.sig, ref) > SAME_PICTURE);
    const chosen = others[Math.floor(r * others.length)] ?? members[0]!;
    return { png: chosen.png, key: chosen.key };
  }
}

function meanAbsDiff(a: Buffer, b: Buffer): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return s / a.length;
}
