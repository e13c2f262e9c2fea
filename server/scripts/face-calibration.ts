import sharp from 'sharp';
import { PORTRAITS, portrait } from '@content-studio/local-gpu/portraits';
import { descriptorDistance, type FaceAnalyzer } from '../src/providers/faces/index.js';

/**
 * Calibration of the identity instrument on real photographs shipped in an installed package
 * (face-api's demo photos, cut into one portrait per person). Same-person pairs: a portrait
 * against changed copies of itself (flip, crops, rotation, light, blur, small size, JPEG,
 * colour cast) — the package holds one photo per person, so these stand in for "another photo
 * of the same person" and are easier than that. Different-person pairs: every two people.
 */
export const AUGMENTATIONS: Record<string, (png: Buffer) => Promise<Buffer>> = {
  flip: (b) => sharp(b).flop().png().toBuffer(),
  'crop-tight': (b) => sharp(b).extract({ left: 64, top: 64, width: 384, height: 384 }).resize(512).png().toBuffer(),
  'crop-offset': (b) => sharp(b).extract({ left: 0, top: 40, width: 440, height: 440 }).resize(512).png().toBuffer(),
  'rotate-8': (b) => sharp(b).rotate(8, { background: '#777' }).resize(512, 512).png().toBuffer(),
  'rotate-15': (b) => sharp(b).rotate(-15, { background: '#777' }).resize(512, 512).png().toBuffer(),
  dark: (b) => sharp(b).linear(0.55, 0).png().toBuffer(),
  bright: (b) => sharp(b).linear(1.35, 12).png().toBuffer(),
  blur: (b) => sharp(b).blur(2).png().toBuffer(),
  small: async (b) =>
    sharp(await sharp(b).resize(160).png().toBuffer())
      .resize(512)
      .png()
      .toBuffer(),
  jpeg: (b) => sharp(b).jpeg({ quality: 25 }).toBuffer(),
  tint: (b) =>
    sharp(b)
      .recomb([
        [1.15, 0, 0],
        [0, 0.95, 0],
        [0, 0, 0.75],
      ])
      .png()
      .toBuffer(),
};

export interface CalibrationData {
  same: number[];
  different: number[];
  /** portraits or variants where no face was found */
  missed: string[];
  analysisMs: number[];
}

/** Runs the instrument over `people` portraits and `augmentations` variants of each. */
export async function collectDistances(analyzer: FaceAnalyzer, o: { people?: number; augmentations?: string[] } = {}): Promise<CalibrationData> {
  const people = PORTRAITS.slice(0, o.people ?? PORTRAITS.length);
  const names = o.augmentations ?? Object.keys(AUGMENTATIONS);
  const data: CalibrationData = { same: [], different: [], missed: [], analysisMs: [] };
  const originals: Array<number[] | null> = [];
  const describe = async (label: string, png: Buffer) => {
    const a = await analyzer.analyze(png);
    data.analysisMs.push(a.ms);
    const face = [...a.faces].sort((x, y) => y.box.width * y.box.height - x.box.width * x.box.height)[0];
    if (!face) data.missed.push(label);
    return face?.descriptor ?? null;
  };
  for (let i = 0; i < people.length; i++) {
    const png = await portrait(i);
    const original = await describe(people[i]!.id, png);
    originals.push(original);
    for (const name of names) {
      const variant = await describe(`${people[i]!.id}/${name}`, await AUGMENTATIONS[name]!(png));
      if (original && variant) data.same.push(descriptorDistance(original, variant));
    }
  }
  for (let i = 0; i < originals.length; i++) {
    for (let j = i + 1; j < originals.length; j++) {
      if (originals[i] && originals[j]) data.different.push(descriptorDistance(originals[i]!, originals[j]!));
    }
  }
  return data;
}

/** False accept / false reject at a distance threshold ("same person" when distance < t). */
export function errorRates(d: Pick<CalibrationData, 'same' | 'different'>, t: number): { falseReject: number; falseAccept: number } {
  return { falseReject: d.same.filter((x) => x >= t).length / d.same.length, falseAccept: d.different.filter((x) => x < t).length / d.different.length };
}

/** The threshold where false accepts and false rejects are closest (the equal-error point). */
export function equalErrorPoint(d: Pick<CalibrationData, 'same' | 'different'>): { threshold: number; eer: number } {
  let best = { threshold: 0, eer: 1, gap: Infinity };
  for (let t = 0.2; t <= 0.9; t += 0.005) {
    const { falseReject, falseAccept } = errorRates(d, t);
    const gap = Math.abs(falseReject - falseAccept);
    if (gap < best.gap) best = { threshold: Number(t.toFixed(3)), eer: (falseReject + falseAccept) / 2, gap };
  }
  return { threshold: best.threshold, eer: best.eer };
}

export const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(q * (s.length - 1))))] ?? NaN;
};
