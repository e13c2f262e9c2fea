import { hash32, randomFor } from '../random.js';

export type Rgb = [number, number, number];

export interface Palette {
  top: Rgb;
  bottom: Rgb;
  /** a horizon band, so scenes read as a place rather than a flat fill */
  band: Rgb;
  bandAt: number;
}

const LOCATIVE = /^(in|on|at|inside|outside|by|under|near|beside|within|among)\s/;

/**
 * The environment phrase of a prompt: the first comma-separated fragment that says where
 * ("in a trendy cafe", "on a city street"). Prompts are composed from preset fragments, so this
 * is stable across outfits, scenes and seeds; without one the whole prompt stands in.
 */
export function environmentOf(prompt: string): string {
  const fragments = prompt
    .toLowerCase()
    .split(/[,.;\n]/)
    .map((f) => f.trim())
    .filter(Boolean);
  const phrase = fragments.find((f) => LOCATIVE.test(f)) ?? prompt.toLowerCase();
  return phrase
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function hslToRgb(h: number, s: number, l: number): Rgb {
  const hue = (((h % 360) + 360) % 360) / 360;
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const channel = (t: number) => {
    const x = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
    const v = x < 1 / 6 ? p + (q - p) * 6 * x : x < 1 / 2 ? q : x < 2 / 3 ? p + (q - p) * (2 / 3 - x) * 6 : p;
    return Math.round(v * 255);
  };
  return [channel(hue + 1 / 3), channel(hue), channel(hue - 1 / 3)];
}

/** The environment fixes the hue; the seed only nudges hue, lightness and the horizon. */
export function paletteFor(prompt: string, seed: number): Palette {
  const env = environmentOf(prompt);
  const h = hash32(env);
  const hue = h % 360;
  const sat = 0.35 + ((h >>> 9) % 30) / 100;
  const light = 0.55 + ((h >>> 17) % 15) / 100;
  const rnd = randomFor(`bg:${env}`, seed);
  const jitterHue = (rnd() * 2 - 1) * 5;
  const jitterLight = (rnd() * 2 - 1) * 0.03;
  return {
    top: hslToRgb(hue + jitterHue, sat, light + jitterLight),
    bottom: hslToRgb(hue + 25 + jitterHue, sat * 0.9, light - 0.2 + jitterLight),
    band: hslToRgb(hue + 180 + jitterHue, sat * 0.5, light - 0.1),
    bandAt: 0.58 + rnd() * 0.12,
  };
}

/** A vertical gradient with a soft horizon band, as raw RGB. Rows are uniform, so filling is cheap. */
export function paintBackground(width: number, height: number, p: Palette): Buffer {
  const rowBytes = width * 3;
  const out = Buffer.allocUnsafe(rowBytes * height);
  const bandHalf = Math.max(2, Math.round(height * 0.015));
  const bandRow = Math.round(height * p.bandAt);
  const px = Buffer.alloc(3);
  for (let y = 0; y < height; y++) {
    const t = height > 1 ? y / (height - 1) : 0;
    const near = Math.max(0, 1 - Math.abs(y - bandRow) / bandHalf);
    for (let c = 0; c < 3; c++) {
      const base = p.top[c]! + (p.bottom[c]! - p.top[c]!) * t;
      px[c] = Math.round(base + (p.band[c]! - base) * near * 0.6);
    }
    out.fill(px, y * rowBytes, (y + 1) * rowBytes);
  }
  return out;
}
