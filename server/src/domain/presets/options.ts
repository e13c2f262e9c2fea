/** Aspect ratios with Flux-valid sizes: multiples of 16, ratio within 1 % of nominal. */
export const ASPECT_RATIOS = [
  { id: '1:1', label: 'Square 1:1', width: 1024, height: 1024, isDefault: false },
  { id: '9:16', label: 'Portrait 9:16', width: 768, height: 1360, isDefault: true },
  { id: '2:3', label: 'Portrait 2:3', width: 832, height: 1248, isDefault: false },
] as const;

export type AspectRatioId = (typeof ASPECT_RATIOS)[number]['id'];

/**
 * Quality modes. Flux Dev: HQ samples twice the steps. Z-Image-Turbo is distilled for 8–9 steps,
 * so more steps would change little: its HQ renders at 1.5× the width and height (2.25× the
 * pixels, a bigger, more detailed picture) with 9 steps — about 2.5× draft's GPU time, like Flux's HQ.
 */
export const QUALITIES = [
  { id: 'draft', label: 'Draft', steps: 20, turboSteps: 8, turboScale: 1, isDefault: true },
  { id: 'hq', label: 'HQ', steps: 40, turboSteps: 9, turboScale: 1.5, isDefault: false },
] as const;

export type QualityId = (typeof QUALITIES)[number]['id'];

export const IMAGE_COUNTS = [1, 5, 10] as const;
export const DEFAULT_IMAGE_COUNT = 5;

/** Credits per image (or per edit); the one price table of the product. */
export const PRICES = { draft: 1, hq: 3, inpaint: 2 } as const;
