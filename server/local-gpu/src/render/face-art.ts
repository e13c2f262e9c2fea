import sharp from 'sharp';
import { hash32, seededRandom } from '../random.js';
import { hslToRgb, type Rgb } from './palette.js';

export const FACE_ART_WIDTH = 384;
export const FACE_ART_HEIGHT = 480;

const SKIN: Rgb[] = [
  [255, 224, 196],
  [241, 194, 167],
  [224, 172, 105],
  [198, 134, 66],
  [141, 85, 36],
  [94, 58, 32],
];
const HAIR: Rgb[] = [
  [20, 16, 14],
  [70, 44, 26],
  [140, 90, 45],
  [220, 185, 120],
  [170, 60, 30],
  [200, 200, 205],
];
const IRIS: Rgb[] = [
  [70, 45, 25],
  [40, 90, 160],
  [60, 120, 70],
  [110, 110, 120],
];

const css = (c: Rgb) => `rgb(${c[0]},${c[1]},${c[2]})`;

/**
 * A deterministic cartoon portrait for a key (a LoRA name without an embedded face, or a seed
 * when the graph has no reference): every proportion and colour comes from the key's hash, so
 * one key always draws the same "person" and different keys draw visibly different ones.
 */
export function faceArtSvg(key: string): string {
  const r = seededRandom(hash32(`face:${key}`));
  const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)]!;
  const skin = pick(SKIN);
  const hair = pick(HAIR);
  const iris = pick(IRIS);
  const backdrop = hslToRgb(r() * 360, 0.25, 0.8);
  const mark = hslToRgb(r() * 360, 0.8, 0.45);
  const cx = FACE_ART_WIDTH / 2;
  const rx = 100 + r() * 30;
  const ry = 135 + r() * 30;
  const cy = 260;
  const eyeY = cy - ry * (0.1 + r() * 0.1);
  const eyeDx = rx * (0.36 + r() * 0.12);
  const eyeR = 12 + r() * 6;
  const mouthY = cy + ry * (0.45 + r() * 0.1);
  const mouthW = rx * (0.35 + r() * 0.25);
  const smile = (r() * 2 - 1) * 18;
  const hairTop = cy - ry - 15 - r() * 30;
  const fringe = cy - ry * (0.45 + r() * 0.2);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${FACE_ART_WIDTH}" height="${FACE_ART_HEIGHT}">
<rect width="100%" height="100%" fill="${css(backdrop)}"/>
<rect x="${cx - rx * 0.45}" y="${cy + ry * 0.8}" width="${rx * 0.9}" height="${FACE_ART_HEIGHT}" fill="${css(skin)}"/>
<ellipse cx="${cx}" cy="${(hairTop + fringe) / 2 + 40}" rx="${rx + 18}" ry="${(fringe - hairTop) / 2 + 70}" fill="${css(hair)}"/>
<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="${css(skin)}"/>
<path d="M${cx - rx} ${fringe + 30} Q${cx} ${hairTop - 10} ${cx + rx} ${fringe + 30} L${cx + rx} ${fringe} Q${cx} ${hairTop + 20} ${cx - rx} ${fringe} Z" fill="${css(hair)}"/>
${[-1, 1].map((s) => `<ellipse cx="${cx + s * eyeDx}" cy="${eyeY}" rx="${eyeR * 1.7}" ry="${eyeR}" fill="white"/><circle cx="${cx + s * eyeDx}" cy="${eyeY}" r="${eyeR * 0.75}" fill="${css(iris)}"/><circle cx="${cx + s * eyeDx}" cy="${eyeY}" r="${eyeR * 0.35}" fill="black"/><rect x="${cx + s * eyeDx - eyeR * 1.8}" y="${eyeY - eyeR * 2.4}" width="${eyeR * 3.6}" height="${eyeR * 0.6}" rx="3" fill="${css(hair)}"/>`).join('')}
<path d="M${cx} ${eyeY + 10} L${cx - 12} ${mouthY - 35} L${cx + 6} ${mouthY - 30}" stroke="rgb(120,70,50)" stroke-width="4" fill="none"/>
<path d="M${cx - mouthW} ${mouthY} Q${cx} ${mouthY + smile} ${cx + mouthW} ${mouthY}" stroke="rgb(170,50,60)" stroke-width="9" fill="none" stroke-linecap="round"/>
<circle cx="${cx + (r() * 2 - 1) * rx * 0.5}" cy="${cy + ry * 0.15}" r="${8 + r() * 8}" fill="${css(mark)}"/>
</svg>`;
}

export function renderFaceArt(key: string): Promise<Buffer> {
  return sharp(Buffer.from(faceArtSvg(key)))
    .png({ compressionLevel: 2, adaptiveFiltering: false })
    .toBuffer();
}
