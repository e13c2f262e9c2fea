import type { AspectRatio, Quality } from '../generated/graphql';

/** presets.aspectRatios ids ("9:16") → the AspectRatio enum generateImages and creditQuote take. */
const RATIOS: Record<string, AspectRatio> = { '1:1': 'SQUARE_1_1', '9:16': 'PORTRAIT_9_16', '2:3': 'PORTRAIT_2_3' };
/** presets.qualities ids ("draft") → the Quality enum. */
const QUALITIES: Record<string, Quality> = { draft: 'DRAFT', hq: 'HQ' };

export function aspectRatioEnum(id: string): AspectRatio {
  const value = RATIOS[id];
  if (!value) throw new Error(`Unknown aspect ratio ${id}`);
  return value;
}

export function qualityEnum(id: string): Quality {
  const value = QUALITIES[id];
  if (!value) throw new Error(`Unknown quality ${id}`);
  return value;
}

/** The short label of an AspectRatio value, e.g. "9:16". */
export function aspectRatioLabel(value: AspectRatio | null | undefined): string {
  return Object.entries(RATIOS).find(([, v]) => v === value)?.[0] ?? '—';
}

export function qualityLabel(value: Quality | null | undefined): string {
  return value === 'HQ' ? 'HQ' : value === 'DRAFT' ? 'Draft' : '—';
}

export function faceModeLabel(mode: 'FACE_REF' | 'LORA' | null | undefined): string {
  return mode === 'LORA' ? 'HD' : mode === 'FACE_REF' ? 'Face reference' : '—';
}

export function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}
